/**
 * What a client's update changed in a journal page, in the terms of
 * shared/permissions.ts (JournalChange). Observers run inside the
 * transaction's cleanup, before the guard's verdict.
 */
import * as Y from "yjs";
import type { JournalChange } from "../../shared/permissions.ts";
import { cellsMap, lessonsMap, metaMap, parseCellKey, periodMarksMap, permitsMap, studentsMap, decodeCell, encodeCell, type CellEntry } from "../../shared/journal-schema.ts";
import { JOURNAL_ROOTS } from "../../shared/journal-schema.ts";
import type { ClientEdit, GuardPolicy } from "./update-guard.ts";

function structural(path: string): JournalChange {
  return { kind: "structure", path };
}

export const journalPolicy: GuardPolicy<JournalChange> = {
  structural,

  observe(doc, current) {
    const mine = (tr: Y.Transaction): ClientEdit<JournalChange> | null => {
      const edit = current();
      return edit !== null && tr.origin === edit ? edit : null;
    };
    // Lesson cells and period marks are both maps of entries keyed "<studentId>:<id>".
    const observeEntries = (root: "cells" | "periodMarks", toChange: (key: string, studentId: string, id: string, before: CellEntry | null, after: unknown) => JournalChange) => {
      const map = doc.getMap(root);
      map.observe((event) => {
        const edit = mine(event.transaction);
        if (!edit) return;
        for (const [key, change] of event.changes.keys) {
          const cell = parseCellKey(key);
          if (!cell) {
            edit.changes.push(structural(`${root}/${key}`));
            continue;
          }
          const before = decodeCell(change.oldValue);
          const raw = change.action === "delete" ? null : map.get(key);
          // The rules judge entries; a value that is not one stays as it came, to be refused as such.
          edit.changes.push(toChange(key, cell.studentId, cell.lessonId, before, decodeCell(raw) ?? raw));
        }
      });
    };
    observeEntries("cells", (key, studentId, lessonId, before, after) => ({ kind: "cell", key, studentId, lessonId, before, after }));
    observeEntries("periodMarks", (key, studentId, periodId, before, after) => ({ kind: "period-mark", key, studentId, periodId, before, after }));
    lessonsMap(doc).observeDeep((events) => {
      for (const event of events) {
        const edit = mine(event.transaction);
        if (!edit) continue;
        const [lessonId, ...deeper] = event.path;
        if (lessonId === undefined || deeper.length > 0 || !(event.target instanceof Y.Map)) {
          for (const key of event.changes.keys.keys()) edit.changes.push(structural(`lessons/${event.path.join("/")}/${key}`));
          continue;
        }
        for (const [field, change] of event.changes.keys) {
          const after = change.action === "delete" ? undefined : (event.target as Y.Map<unknown>).get(field);
          edit.changes.push({ kind: "lesson-field", lessonId: String(lessonId), field, before: change.oldValue, after });
        }
      }
    });
    for (const [name, map] of [["meta", metaMap(doc)], ["students", studentsMap(doc)], ["permits", permitsMap(doc)]] as const) {
      map.observe((event) => {
        const edit = mine(event.transaction);
        if (edit) for (const key of event.changes.keys.keys()) edit.changes.push(structural(`${name}/${key}`));
      });
    }
  },

  collectLost(doc, tr, edit) {
    const roots = new Map<unknown, "cells" | "periodMarks">([[cellsMap(doc), "cells"], [periodMarksMap(doc), "periodMarks"]]);
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = doc.store.clients.get(client) ?? [];
      for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i]!.id.clock < after; i++) {
        const item = structs[i];
        if (!(item instanceof Y.Item) || !item.deleted || item.parentSub === null) continue;
        const root = roots.get(item.parent);
        // Deleted already when it arrives: overwritten or cleared before it ever showed. Values that
        // showed (even if refused later) are alive at this point and reported by the observers.
        if (root === undefined) continue;
        if (item.content instanceof Y.ContentAny) {
          const raw = item.content.getContent()[0];
          edit.changes.push({ kind: "lost", root, key: item.parentSub, after: decodeCell(raw) ?? raw });
        } else {
          // Its author's device had garbage-collected the value; consecutive such writes of one cell arrive as one run.
          for (let n = 0; n < item.length; n++) edit.changes.push({ kind: "lost", root, key: item.parentSub, after: null });
        }
      }
    }
  },

  revertible: (change) => change.kind === "cell" || change.kind === "period-mark" || change.kind === "lesson-field",

  revert(doc, change) {
    const put = (map: Y.Map<unknown>, key: string, before: unknown) => {
      if (before === null || before === undefined) map.delete(key);
      else map.set(key, before);
    };
    if (change.kind === "cell") put(cellsMap(doc) as Y.Map<unknown>, change.key, change.before && encodeCell(change.before));
    else if (change.kind === "period-mark") put(periodMarksMap(doc) as Y.Map<unknown>, change.key, change.before && encodeCell(change.before));
    else if (change.kind === "lesson-field") {
      const lesson = lessonsMap(doc).get(change.lessonId);
      if (!lesson) return false;
      put(lesson, change.field, change.before);
    } else return false;
    return true;
  },

  isAllowedType(doc, type, rootName) {
    // Changes to the schema's roots are reported by the observers; a nested
    // type is legitimate only as a lesson (a direct child of `lessons`).
    if (type._item === null) return (JOURNAL_ROOTS as readonly string[]).includes(rootName);
    return rootName === "lessons" && type._item.parent === lessonsMap(doc);
  },
};

/** A value as the audit log stores it. */
export function auditValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const entry = decodeCell(v);
  if (entry) return entry.value;
  if (typeof v === "string") return v;
  if (v instanceof Y.AbstractType) return `<${v.constructor.name}>`;
  return JSON.stringify(v) ?? null;
}
