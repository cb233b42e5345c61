/**
 * Ar1: how a printed journal page is laid out, shared by the server's PDF and
 * the browser's print layout so both look the same: lessons in sheets of at
 * most `lessonsPerSheet` columns, dates as dd.mm, and the period summary.
 */
import type { PrintedJournal } from "./report-api.ts";
import { marksOf } from "./cell-value.ts";
import { roundAverage } from "./averages.ts";

/** Lesson columns per landscape A4 sheet, next to the number, the name and the period-mark columns. */
export const LESSONS_PER_SHEET = 25;

export function sheetsOf<T>(lessons: readonly T[], perSheet = LESSONS_PER_SHEET): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < lessons.length; i += perSheet) out.push(lessons.slice(i, i + perSheet));
  return out.length > 0 ? out : [[]];
}

export const ddmm = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
export const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

export interface StudentSummary {
  marks: number;
  /** Plain average of the period's marks (the printout shows the record, not the weights), or "" without marks. */
  average: string;
  absences: { Н: number; Б: number; У: number };
}

export function studentSummary(j: PrintedJournal, studentId: string): StudentSummary {
  const absences = { Н: 0, Б: 0, У: 0 };
  let count = 0;
  let sum = 0;
  for (const v of Object.values(j.cells[studentId] ?? {})) {
    if (v === "Н" || v === "Б" || v === "У") absences[v]++;
    for (const n of marksOf(v)) {
      count++;
      sum += n;
    }
  }
  return { marks: count, average: count === 0 ? "" : roundAverage(sum / count).toFixed(2).replace(".", ","), absences };
}

export function lessonTopic(l: PrintedJournal["lessons"][number]): string {
  return l.substituteName ? `${l.topic} (замена: ${l.substituteName})`.trim() : l.topic;
}
