/**
 * P1, D1, D3: a diary keeps the year's periods (for its forecasts and period
 * marks). After the calendar of a year changed, every diary of its classes
 * gets the new periods, stored and sent to open diaries at once.
 */
import type * as Y from "yjs";
import { diaryStudentMap } from "../../shared/diary-schema.ts";
import type { Period } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";

export function refreshDiaryPeriods(registry: DocumentRegistry, studentIds: Iterable<string>, periods: Period[], periodKind: string): number {
  let changed = 0;
  for (const studentId of studentIds) {
    const diary = registry.diary(studentId);
    if (!diary) continue;
    const student = diaryStudentMap(diary.doc) as Y.Map<unknown>;
    if (JSON.stringify(student.get("periods")) === JSON.stringify(periods) && student.get("periodKind") === periodKind) continue;
    const update = registry.commits.now(() =>
      registry.writeAsServer(diary, () => diary.doc.transact(() => {
        student.set("periods", periods);
        student.set("periodKind", periodKind);
      }, ORIGIN.server)),
    );
    if (update) for (const peer of diary.peers) peer.sendUpdate(update);
    changed++;
  }
  return changed;
}
