/** What the school set-up routes answer (P1-P3, R6): docs/protocol.md. */
import type { Bell } from "./school-rules.ts";
import type { TimetableSlot, YearCalendar, YearPeriodKind } from "./calendar.ts";

export interface Person {
  id: string;
  name: string;
}

export interface YearSummary {
  yearId: string;
  name: string;
  start: string;
  end: string;
  periodKind: YearPeriodKind;
  classes: number;
}

export interface SubjectRow {
  subjectId: string;
  name: string;
  doubleMarks: boolean;
}

export interface SetupOverview {
  years: YearSummary[];
  teachers: Person[];
  subjects: SubjectRow[];
  /** The school's date (ISO). */
  today: string;
  canEditCalendar: boolean;
  canEditTimetable: boolean;
}

export interface ClassRow {
  classId: string;
  name: string;
  grade: number;
  classTeacherId: string | null;
  classTeacherName: string;
}

/** One line of the teaching load: a journal page (J1). */
export interface LoadRow {
  pageId: string;
  classId: string;
  subjectId: string;
  subjectName: string;
  teacherId: string;
  teacherName: string;
  marksAllowed: boolean;
}

export interface YearDetail {
  year: YearCalendar & { yearId: string; ownBells: boolean };
  inUse: boolean;
  classes: ClassRow[];
  load: LoadRow[];
}

/** A teacher placed in two classes at once (a warning: the timetable is still saved). */
export interface TimetableClash {
  weekday: number;
  slot: number;
  teacherName: string;
  className: string;
}

export interface TimetableView {
  classId: string;
  className: string;
  yearId: string;
  bells: Bell[];
  slots: TimetableSlot[];
  load: LoadRow[];
  clashes?: TimetableClash[];
}

/** What a timetable or calendar change did to the lesson columns (future lessons only). */
export interface LessonChanges {
  added: number;
  removed: number;
  /** Future lessons no longer in the timetable that carry marks, a topic, files or a substitute: kept. */
  kept: number;
}

export interface DayLesson {
  lessonId: string;
  pageId: string;
  date: string;
  slot: number;
  className: string;
  subjectName: string;
  teacherId: string;
  teacherName: string;
  substitute: { teacherId: string; name: string; reason: string } | null;
}

export interface DayLessons {
  date: string;
  lessons: DayLesson[];
  teachers: Person[];
  canEdit: boolean;
}
