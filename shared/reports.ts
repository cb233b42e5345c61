/**
 * Rep1: the class's period reports, from period marks and lesson entries.
 * Pure: the server feeds it stored state; tests feed it a fixed school.
 *  - summary of period marks (сводная ведомость успеваемости): students x subjects;
 *  - counts of 5/4/3/2; quality % (students with only 4 and 5) and success %
 *    (students without a 2), over the students who have period marks;
 *  - students with a single 3 or a single 4; students at risk (a 2, or a
 *    forecast 2 where the period mark is not set yet);
 *  - attendance: lessons missed by reason, per student and subject.
 */
import { suggestedMark, weightedAverage, type WeightedMark } from "./averages.ts";

export interface ReportStudent {
  id: string;
  name: string;
}

export interface ReportSubject {
  pageId: string;
  subjectName: string;
}

export interface ReportInput {
  students: ReportStudent[];
  subjects: ReportSubject[];
  /** Period mark by `${studentId}:${pageId}`. */
  periodMarks: Record<string, string>;
  /** The period's lesson entries by `${studentId}:${pageId}`, with work-type weights. */
  entries: Record<string, WeightedMark[]>;
}

export interface ClassPeriodReport {
  /** studentId -> pageId -> period mark, or the forecast in brackets when none is set. */
  table: Record<string, Record<string, string>>;
  counts: { "5": number; "4": number; "3": number; "2": number };
  /** Percentages over students with at least one period mark, one decimal. */
  qualityPercent: number;
  successPercent: number;
  singleThree: Array<{ studentId: string; subject: string }>;
  singleFour: Array<{ studentId: string; subject: string }>;
  atRisk: Array<{ studentId: string; subjects: string[] }>;
  /** The counts behind the percentages, so a school total is a true share, not an average of shares. */
  markedStudents: number;
  qualityStudents: number;
  successStudents: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const percent = (part: number, whole: number) => (whole === 0 ? 0 : round1((part / whole) * 100));

export function classPeriodReport(input: ReportInput): ClassPeriodReport {
  const counts = { "5": 0, "4": 0, "3": 0, "2": 0 };
  const table: ClassPeriodReport["table"] = {};
  const singleThree: ClassPeriodReport["singleThree"] = [];
  const singleFour: ClassPeriodReport["singleFour"] = [];
  const atRisk: ClassPeriodReport["atRisk"] = [];
  let marked = 0;
  let quality = 0;
  let success = 0;
  for (const student of input.students) {
    const row: Record<string, string> = {};
    const marks: Array<{ subject: string; value: string }> = [];
    const risky: string[] = [];
    for (const subject of input.subjects) {
      const key = `${student.id}:${subject.pageId}`;
      const mark = input.periodMarks[key];
      if (mark !== undefined) {
        row[subject.pageId] = mark;
        if (mark in counts) {
          counts[mark as keyof typeof counts]++;
          marks.push({ subject: subject.subjectName, value: mark });
        }
        if (mark === "2") risky.push(subject.subjectName);
      } else {
        const forecast = suggestedMark(weightedAverage(input.entries[key] ?? []));
        row[subject.pageId] = forecast ? `(${forecast})` : "";
        if (forecast === "2") risky.push(subject.subjectName);
      }
    }
    table[student.id] = row;
    if (risky.length > 0) atRisk.push({ studentId: student.id, subjects: risky });
    if (marks.length === 0) continue;
    marked++;
    const values = marks.map((m) => m.value);
    if (values.every((v) => v === "4" || v === "5")) quality++;
    if (!values.includes("2")) success++;
    const threes = marks.filter((m) => m.value === "3");
    const fours = marks.filter((m) => m.value === "4");
    if (threes.length === 1 && values.every((v) => v !== "2")) singleThree.push({ studentId: student.id, subject: threes[0]!.subject });
    if (fours.length === 1 && values.every((v) => v === "5" || v === "4")) singleFour.push({ studentId: student.id, subject: fours[0]!.subject });
  }
  return {
    table,
    counts,
    qualityPercent: percent(quality, marked),
    successPercent: percent(success, marked),
    singleThree,
    singleFour,
    atRisk,
    markedStudents: marked,
    qualityStudents: quality,
    successStudents: success,
  };
}

export interface AttendanceRow {
  studentId: string;
  /** pageId -> { Н, Б, У } */
  bySubject: Record<string, { Н: number; Б: number; У: number }>;
  total: { Н: number; Б: number; У: number };
}

/** Rep1: lessons missed by reason, per student and subject. `absences` by `${studentId}:${pageId}`: the period's cell values. */
export function attendanceReport(students: ReportStudent[], subjects: ReportSubject[], values: Record<string, string[]>): AttendanceRow[] {
  return students.map((s) => {
    const total = { Н: 0, Б: 0, У: 0 };
    const bySubject: AttendanceRow["bySubject"] = {};
    for (const subject of subjects) {
      const counts = { Н: 0, Б: 0, У: 0 };
      for (const v of values[`${s.id}:${subject.pageId}`] ?? []) {
        if (v === "Н" || v === "Б" || v === "У") {
          counts[v]++;
          total[v]++;
        }
      }
      bySubject[subject.pageId] = counts;
    }
    return { studentId: s.id, bySubject, total };
  });
}

/** One class's line of the school-wide report (Rep1 for the deputy director and director). */
export interface SchoolClassLine {
  classId: string;
  className: string;
  students: number;
  markedStudents: number;
  counts: { "5": number; "4": number; "3": number; "2": number };
  qualityPercent: number;
  successPercent: number;
  singleThree: number;
  singleFour: number;
  atRisk: number;
  absences: { Н: number; Б: number; У: number };
}

export interface SchoolPeriodReport {
  classes: SchoolClassLine[];
  /** The school as one class: percentages over all marked students of the school, not an average of the classes' percentages. */
  totals: Omit<SchoolClassLine, "classId" | "className">;
}

export interface SchoolReportClassInput {
  classId: string;
  className: string;
  students: number;
  marks: ClassPeriodReport;
  attendance: AttendanceRow[];
}

/** Rep1 school-wide: the class report's figures per class, plus the school's totals. */
export function schoolPeriodReport(classes: readonly SchoolReportClassInput[]): SchoolPeriodReport {
  const lines = classes.map((c): SchoolClassLine => {
    const absences = { Н: 0, Б: 0, У: 0 };
    for (const row of c.attendance) for (const k of ["Н", "Б", "У"] as const) absences[k] += row.total[k];
    return {
      classId: c.classId, className: c.className, students: c.students, markedStudents: c.marks.markedStudents, counts: { ...c.marks.counts },
      qualityPercent: c.marks.qualityPercent, successPercent: c.marks.successPercent, singleThree: c.marks.singleThree.length,
      singleFour: c.marks.singleFour.length, atRisk: c.marks.atRisk.length, absences,
    };
  });
  const sum = (f: (l: SchoolClassLine) => number) => lines.reduce((n, l) => n + f(l), 0);
  const marked = sum((l) => l.markedStudents);
  const quality = classes.reduce((n, c) => n + c.marks.qualityStudents, 0);
  const success = classes.reduce((n, c) => n + c.marks.successStudents, 0);
  return {
    classes: lines,
    totals: {
      students: sum((l) => l.students), markedStudents: marked,
      counts: { "5": sum((l) => l.counts["5"]), "4": sum((l) => l.counts["4"]), "3": sum((l) => l.counts["3"]), "2": sum((l) => l.counts["2"]) },
      qualityPercent: percent(quality, marked), successPercent: percent(success, marked),
      singleThree: sum((l) => l.singleThree), singleFour: sum((l) => l.singleFour), atRisk: sum((l) => l.atRisk),
      absences: { Н: sum((l) => l.absences.Н), Б: sum((l) => l.absences.Б), У: sum((l) => l.absences.У) },
    },
  };
}
