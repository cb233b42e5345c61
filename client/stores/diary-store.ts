/**
 * One student's diary (D1, D2): entries by subject, period marks, how fresh
 * the copy is. "New until seen": this device remembers what the family has
 * seen of each entry (its value and moment); whatever differs is new, also
 * after a reload or a night away, until the diary is left again. Optional
 * browser notifications for marks and absences that arrive live.
 */
import { createStore, reconcile } from "solid-js/store";
import { onCleanup } from "solid-js";
import type * as Y from "yjs";
import { diaryEntriesMap, diaryLessonsMap, diaryPeriodMarksMap, diaryStudentMap, diaryTimetableMap, readDiaryLessons, type DiaryEntry, type DiaryLesson, type DiaryPeriodMark } from "../../shared/diary-schema.ts";
import type { Period } from "../../shared/journal-schema.ts";
import type { PeriodKind } from "../../shared/averages.ts";
import { openDocument, type ConnectionStatus } from "../sync/open-document.ts";
import { notificationsEnabled, notify } from "../sync/notifications.ts";
import { observeAll } from "./observe-all.ts";
import { followProjection } from "./follow-projection.ts";

export interface DiaryState {
  fullName: string;
  className: string;
  entries: Record<string, DiaryEntry>;
  periodMarks: Record<string, DiaryPeriodMark>;
  lessons: Record<string, DiaryLesson>;
  periods: Period[];
  periodKind: PeriodKind;
  /** Entry keys (and `period:<key>` for period marks) that arrived or changed since the family last looked (D2). */
  fresh: Record<string, boolean>;
  connection: ConnectionStatus;
  /** When this device last had the server's copy (ms), for "as of" when offline. */
  syncedAt: number | null;
  /** The server's copy has arrived in this visit (not only in an earlier one): what comes now is news. */
  synced: boolean;
  refused: string | null;
}

/** What the family saw of each entry: its value and moment. */
export type SeenRecord = Record<string, string>;

const signature = (e: { value: string; at: number }) => `${e.value}|${e.at}`;

function signatures(doc: Y.Doc): SeenRecord {
  const out: SeenRecord = {};
  diaryEntriesMap(doc).forEach((e, key) => (out[key] = signature(e)));
  diaryPeriodMarksMap(doc).forEach((m, key) => (out[`period:${key}`] = signature(m)));
  return out;
}

export interface DiaryBindOptions {
  /** What was seen before, or null when this device never showed the diary (then what the first sync brings counts as seen). */
  seen: SeenRecord | null;
  /** Told of each new mark or absence that arrives live (after the first sync). */
  onNewEntry?: (entry: DiaryEntry) => void;
}

export function bindDiary(doc: Y.Doc, opts: DiaryBindOptions = { seen: null }) {
  const [state, setState] = createStore<DiaryState>({
    fullName: "", className: "", entries: {}, periodMarks: {}, lessons: {}, periods: [], periodKind: "quarter", fresh: {}, connection: "connecting", syncedAt: null, synced: false, refused: null,
  });
  let seen = opts.seen;
  let synced = false;
  const announced = new Set<string>();
  const freshNow = (): Record<string, boolean> => {
    if (seen === null) return {};
    const out: Record<string, boolean> = {};
    for (const [key, sig] of Object.entries(signatures(doc))) if (seen[key] !== sig) out[key] = true;
    return out;
  };
  const read = () => {
    const student = diaryStudentMap(doc) as unknown as import("yjs").Map<unknown>;
    setState({
      fullName: String(student.get("fullName") ?? ""), className: String(student.get("className") ?? ""),
      periods: (student.get("periods") as Period[] | undefined) ?? [], periodKind: (student.get("periodKind") as PeriodKind | undefined) ?? "quarter",
    });
    setState("entries", reconcile(diaryEntriesMap(doc).toJSON() as Record<string, DiaryEntry>));
    setState("periodMarks", reconcile(diaryPeriodMarksMap(doc).toJSON() as Record<string, DiaryPeriodMark>));
    setState("lessons", reconcile(readDiaryLessons(doc)));
    setState("fresh", reconcile(freshNow()));
  };
  const observer = () => read();
  const onEntries = (e: import("yjs").YMapEvent<DiaryEntry>) => {
    if (!synced || !opts.onNewEntry) return;
    for (const key of e.keysChanged) {
      const entry = diaryEntriesMap(doc).get(key);
      const id = entry ? `${key}|${signature(entry)}` : "";
      if (entry && state.fresh[key] && !announced.has(id)) {
        announced.add(id);
        opts.onNewEntry(entry);
      }
    }
  };
  const stopObserving = observeAll([
    [diaryEntriesMap(doc), observer], [diaryEntriesMap(doc), onEntries], [diaryPeriodMarksMap(doc), observer],
    [diaryLessonsMap(doc), observer], [diaryTimetableMap(doc), observer], [diaryStudentMap(doc), observer],
  ]);
  read();
  const actions = {
    connection(status: ConnectionStatus, isSynced: boolean, syncedAt: number | null) {
      if (isSynced && !synced) {
        synced = true;
        // Never shown on this device: what the server has now is the starting point, not news.
        if (seen === null) {
          seen = signatures(doc);
          read();
        }
      }
      setState({ connection: status, syncedAt: isSynced ? Date.now() : syncedAt, synced });
    },
    refused(code: string) {
      setState("refused", code);
    },
    /** The family has seen what is highlighted; returns the record to keep. */
    seen(): SeenRecord | null {
      if (seen === null) return null;
      seen = signatures(doc);
      setState("fresh", reconcile({}));
      return seen;
    },
    dispose: stopObserving,
  };
  return [state, actions] as const;
}

export type DiaryStore = ReturnType<typeof bindDiary>;

function readSeen(key: string): SeenRecord | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as SeenRecord) : null;
  } catch {
    return null;
  }
}

export function createDiaryStore(docName: string, onSessionEnded: () => void): DiaryStore {
  const opened = openDocument(docName);
  const seenKey = `zhurnal:seen:${docName}`;
  const [state, actions] = bindDiary(opened.doc, {
    seen: readSeen(seenKey),
    onNewEntry: (e) => {
      if (!notificationsEnabled()) return;
      const what = e.weight === null && /^[НБУ]$/.test(e.value) ? "Пропуск" : "Новая отметка";
      notify(`${what}: ${e.subjectName} — ${e.value}`, [state.fullName, e.workType, e.date.split("-").reverse().join(".")].filter(Boolean).join(", "), `${docName}:${e.pageId}:${e.lessonId}`);
    },
  });
  const keepSeen = () => {
    const record = actions.seen();
    if (record) localStorage.setItem(seenKey, JSON.stringify(record));
  };
  // The family saw the diary when it leaves it: another child, another screen, another tab, or closing the app.
  const onHide = () => document.visibilityState === "hidden" && keepSeen();
  document.addEventListener("visibilitychange", onHide);
  followProjection(opened, docName, actions, onSessionEnded);
  onCleanup(() => {
    document.removeEventListener("visibilitychange", onHide);
    keepSeen();
    actions.dispose();
    opened.close();
  });
  return [state, actions] as const;
}
