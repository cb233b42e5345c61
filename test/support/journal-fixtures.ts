/** Picking cells of the demo school's pages for tests, relative to the server's clock. */
import type * as Y from "yjs";
import { readLessons, type CellEntry, type LessonInfo } from "../../shared/journal-schema.ts";

/** Lessons strictly before `today` (ISO), most recent last. */
export function pastLessons(doc: Y.Doc, today: string, count: number): LessonInfo[] {
  const past = readLessons(doc).filter((l) => l.date < today);
  return past.slice(Math.max(0, past.length - count));
}

export function lessonOn(doc: Y.Doc, date: string): LessonInfo | undefined {
  return readLessons(doc).find((l) => l.date === date);
}

/** A J3 entry as a teacher's client writes it: marks carry a work type. */
export function entry(value: string, by: string, at: number, workType = "answer"): CellEntry {
  const isAbsence = value === "Н" || value === "Б" || value === "У";
  return isAbsence ? { value, at, by } : { value, at, by, workType };
}
