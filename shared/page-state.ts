/**
 * The rules' view of a page (PageState) read from a journal document: what a
 * client predicts with. The server builds the same view from its records.
 */
import type * as Y from "yjs";
import type { PageState } from "./permissions.ts";
import { lessonsMap, permitsMap, readMeta, studentsMap } from "./journal-schema.ts";

export function pageStateFromDoc(doc: Y.Doc): PageState | null {
  const meta = readMeta(doc);
  if (!meta) return null;
  return {
    meta,
    lesson(id) {
      const l = lessonsMap(doc).get(id);
      if (!l) return null;
      return { date: String(l.get("date")), slot: Number(l.get("slot")), substituteId: (l.get("substituteId") as string | undefined) ?? null };
    },
    student(id) {
      const s = studentsMap(doc).get(id);
      return s ? { leftOn: s.leftOn, joinedOn: s.joinedOn ?? null } : null;
    },
    permits: () => [...permitsMap(doc).values()],
  };
}
