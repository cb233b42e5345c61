/** Shapes of the reports API (Rep1, Rep2, Ar1, Ar2, D4): what the server sends, what the client shows. */
import type { Period } from "./journal-schema.ts";
import type { AttendanceRow, ClassPeriodReport, ReportStudent, ReportSubject, SchoolPeriodReport } from "./reports.ts";

/** GET /api/reports/options: what the signed-in user may ask for. */
export interface ReportOptions {
  periods: Period[];
  /** Classes whose Rep1 report (and printed journal) this user may read. */
  classes: Array<{ id: string; name: string }>;
  /** Rep1 school-wide. */
  school: boolean;
  /** Rep2: teachers whose monitoring this user may read (only itself for a teacher). */
  teachers: Array<{ id: string; name: string }>;
  /** Ar2: may build archive bundles. */
  archive: boolean;
  /** The server's today in the school's time zone (ISO date). */
  today: string;
}

/** GET /api/reports/class (Rep1 for one class). */
export interface ClassReportResponse {
  period: Period;
  students: ReportStudent[];
  subjects: ReportSubject[];
  marks: ClassPeriodReport;
  attendance: AttendanceRow[];
}

/** GET /api/reports/school (Rep1 school-wide). */
export interface SchoolReportResponse extends SchoolPeriodReport {
  period: Period;
  schoolName: string;
}

/** Rep2, J8: what kind of entry a deadline applies to. */
export type EntryKind = "attendance" | "oral-mark" | "written-mark" | "essay-mark" | "topic" | "homework" | "period-mark";

export interface LateEntry {
  kind: EntryKind;
  target: string;
  lessonDate: string | null;
  /** The last moment it was due, school-local "YYYY-MM-DD HH:MM". */
  deadline: string;
  /** When it was made (ms): its author's clock, else the server's. */
  madeAt: number;
  by: string;
}

/** Rep2 for one page in the window. */
export interface MonitoringPage {
  pageId: string;
  className: string;
  subjectName: string;
  /** Lessons of the window that have been held (by today). */
  lessons: number;
  withoutTopic: Array<{ lessonId: string; date: string }>;
  withoutHomework: Array<{ lessonId: string; date: string }>;
  /** J7: students with fewer marks than the period's minimum so far; null on a page without marks (J4). */
  fewMarks: { minimum: number; students: Array<{ studentId: string; name: string; count: number }> } | null;
  /** J8: control works whose marking deadline passed with students present and unmarked. */
  testsUnmarked: Array<{ lessonId: string; date: string; topic: string; deadline: string; unmarked: number }>;
  /** J8: entries made after their deadline, from the audit trail (J11), made within the window. */
  late: { count: number; byKind: Partial<Record<EntryKind, number>>; entries: LateEntry[] };
}

export interface MonitoringTotals {
  lessons: number;
  withoutTopic: number;
  withoutHomework: number;
  fewMarks: number;
  testsUnmarked: number;
  late: number;
}

/** GET /api/reports/monitoring (Rep2). */
export interface MonitoringResponse {
  teacherId: string;
  teacherName: string;
  window: { kind: "week" | "month"; from: string; to: string };
  /** The period the J7 minimum is counted in (the one containing the window's end). */
  period: Period | null;
  pages: MonitoringPage[];
  totals: MonitoringTotals;
}

/** Ar1: one journal page for a period, as printed (PDF) and as the browser's print layout shows it. */
export interface PrintedJournal {
  schoolName: string;
  academicYear: string;
  pageId: string;
  className: string;
  subjectName: string;
  teacherName: string;
  period: Period;
  students: Array<{ id: string; name: string; leftOn: string | null }>;
  lessons: Array<{ id: string; date: string; slot: number; topic: string; homework: string; substituteName: string | null }>;
  /** studentId -> lessonId -> cell value (marks, Н Б У). */
  cells: Record<string, Record<string, string>>;
  /** The period-mark columns printed: the period itself, or every period and the year for a year's printout. */
  periodColumns: Array<{ id: string; name: string }>;
  /** studentId -> periodId -> period mark (J6). */
  periodMarks: Record<string, Record<string, string>>;
  /** Who certifies the printout (R2) and when it was printed (ISO date). */
  directorName: string;
  printedOn: string;
}
