/**
 * The school's settings that the rules read (DOMAIN.md: where the regulations
 * disagree, a setting with the stricter value as default). The server writes
 * them into every page's `meta`, so a client predicts refusals offline.
 */
import type { PeriodKind } from "./averages.ts";

export interface Bell {
  slot: number;
  /** "08:30" school-local */
  start: string;
  end: string;
}

export interface WorkType {
  id: string;
  name: string;
  weight: number;
}

export interface SchoolRules {
  timeZone: string;
  /** J8/J9: calendar days after the lesson's day that marks and absences stay open without a permit (0 = the lesson's day only). */
  editWindowDays: number;
  /** Offline edits are judged by the author's clock if they arrive within this many hours. */
  offlineGraceHours: number;
  /** How far an author's clock may run ahead of the server's. */
  clockSkewMinutes: number;
  /** J10: the class teacher changes Н to Б or У within this many working days of the lesson. */
  absenceReasonWorkingDays: number;
  periodKind: PeriodKind;
  bells: Bell[];
  workTypes: WorkType[];
}

export const DEFAULT_WORK_TYPES: WorkType[] = [
  { id: "answer", name: "Ответ на уроке", weight: 1 },
  { id: "homework", name: "Домашняя работа", weight: 1 },
  { id: "independent", name: "Самостоятельная работа", weight: 1.5 },
  { id: "practical", name: "Практическая работа", weight: 1.5 },
  { id: "lab", name: "Лабораторная работа", weight: 1.5 },
  { id: "dictation", name: "Диктант", weight: 2 },
  { id: "essay", name: "Сочинение", weight: 2 },
  { id: "test", name: "Контрольная работа", weight: 2 },
];

export const DEFAULT_BELLS: Bell[] = [
  { slot: 1, start: "08:30", end: "09:15" },
  { slot: 2, start: "09:25", end: "10:10" },
  { slot: 3, start: "10:30", end: "11:15" },
  { slot: 4, start: "11:35", end: "12:20" },
  { slot: 5, start: "12:30", end: "13:15" },
  { slot: 6, start: "13:25", end: "14:10" },
  { slot: 7, start: "14:20", end: "15:05" },
];

export const DEFAULT_RULES: SchoolRules = {
  timeZone: "Europe/Moscow",
  editWindowDays: 0,
  offlineGraceHours: 72,
  clockSkewMinutes: 5,
  absenceReasonWorkingDays: 2,
  periodKind: "quarter",
  bells: DEFAULT_BELLS,
  workTypes: DEFAULT_WORK_TYPES,
};

/** Keys of SchoolRules an administrator may change through the settings API, with their checks. */
export const RULE_SETTINGS = {
  timeZone: (v: unknown) => typeof v === "string" && v.length > 0 && v.length < 64,
  editWindowDays: (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 30,
  offlineGraceHours: (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 24 * 14,
  clockSkewMinutes: (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 60,
  absenceReasonWorkingDays: (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10,
} as const;
