/**
 * The server writes a page's facts (meta, roster, lessons from the timetable
 * with their substitutes, correction permits) into its document, and brings
 * them up to date whenever the page is loaded or the records change.
 * Students and lessons are never deleted here: the page keeps its history (D5).
 */
import * as Y from "yjs";
import { lessonsMap, metaMap, permitsMap, studentsMap } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { JournalSeed } from "../storage/school-repository.ts";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === null || value === undefined) {
    if (map.has(key)) map.delete(key);
  } else if (!same(map.get(key), value)) map.set(key, value);
}

export function syncJournalStructure(doc: Y.Doc, seed: JournalSeed): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    for (const [key, value] of Object.entries(seed.meta)) setIfChanged(meta, key, value);
    const students = studentsMap(doc) as Y.Map<unknown>;
    for (const { id, entry } of seed.students) setIfChanged(students, id, entry);
    const lessons = lessonsMap(doc);
    for (const l of seed.lessons) {
      let lesson = lessons.get(l.id);
      if (!lesson) {
        lesson = new Y.Map<unknown>();
        lessons.set(l.id, lesson);
        lesson.set("topic", "");
        lesson.set("homework", "");
      }
      setIfChanged(lesson, "date", l.date);
      setIfChanged(lesson, "slot", l.slot);
      setIfChanged(lesson, "substituteId", l.substituteId);
      setIfChanged(lesson, "substituteName", l.substituteName);
    }
    const permits = permitsMap(doc) as Y.Map<unknown>;
    for (const p of seed.permits) setIfChanged(permits, p.id, p);
  }, ORIGIN.server);
}
