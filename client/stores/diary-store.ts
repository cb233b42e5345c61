/** One student's diary (D1, D2): entries by subject, period marks, how fresh the copy is. */
import { createStore, reconcile } from "solid-js/store";
import { onCleanup } from "solid-js";
import type * as Y from "yjs";
import { diaryEntriesMap, diaryLessonsMap, diaryPeriodMarksMap, diaryStudentMap, diaryTimetableMap, readDiaryLessons, type DiaryEntry, type DiaryLesson, type DiaryPeriodMark } from "../../shared/diary-schema.ts";
import type { Period } from "../../shared/journal-schema.ts";
import type { PeriodKind } from "../../shared/averages.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import { openDocument, type ConnectionStatus } from "../sync/open-document.ts";

export interface DiaryState {
  fullName: string;
  className: string;
  entries: Record<string, DiaryEntry>;
  periodMarks: Record<string, DiaryPeriodMark>;
  lessons: Record<string, DiaryLesson>;
  periods: Period[];
  periodKind: PeriodKind;
  /** Entry keys that arrived or changed since the family last looked (D2). */
  fresh: Record<string, boolean>;
  connection: ConnectionStatus;
  /** When this device last had the server's copy (ms), for "as of" when offline. */
  syncedAt: number | null;
  refused: string | null;
}

export function bindDiary(doc: Y.Doc) {
  const [state, setState] = createStore<DiaryState>({
    fullName: "", className: "", entries: {}, periodMarks: {}, lessons: {}, periods: [], periodKind: "quarter", fresh: {}, connection: "connecting", syncedAt: null, refused: null,
  });
  const read = () => {
    const student = diaryStudentMap(doc) as unknown as import("yjs").Map<unknown>;
    setState({
      fullName: String(student.get("fullName") ?? ""), className: String(student.get("className") ?? ""),
      periods: (student.get("periods") as Period[] | undefined) ?? [], periodKind: (student.get("periodKind") as PeriodKind | undefined) ?? "quarter",
    });
    setState("entries", reconcile(diaryEntriesMap(doc).toJSON() as Record<string, DiaryEntry>));
    setState("periodMarks", reconcile(diaryPeriodMarksMap(doc).toJSON() as Record<string, DiaryPeriodMark>));
    setState("lessons", reconcile(readDiaryLessons(doc)));
  };
  const observer = () => read();
  const onEntries = (e: import("yjs").YMapEvent<DiaryEntry>) => {
    for (const key of e.keysChanged) if (diaryEntriesMap(doc).has(key)) setState("fresh", key, true);
  };
  diaryEntriesMap(doc).observe(observer);
  diaryEntriesMap(doc).observe(onEntries);
  diaryPeriodMarksMap(doc).observe(observer);
  diaryLessonsMap(doc).observe(observer);
  diaryTimetableMap(doc).observe(observer);
  diaryStudentMap(doc).observe(observer);
  read();
  const actions = {
    connection(status: ConnectionStatus, synced: boolean, syncedAt: number | null) {
      setState({ connection: status, syncedAt: synced ? Date.now() : syncedAt });
    },
    refused(code: string) {
      setState("refused", code);
    },
    /** The family has seen what is highlighted. */
    seen() {
      setState("fresh", reconcile({}));
    },
    dispose() {
      diaryEntriesMap(doc).unobserve(observer);
      diaryEntriesMap(doc).unobserve(onEntries);
      diaryLessonsMap(doc).unobserve(observer);
      diaryTimetableMap(doc).unobserve(observer);
      diaryPeriodMarksMap(doc).unobserve(observer);
      diaryStudentMap(doc).unobserve(observer);
    },
  };
  return [state, actions] as const;
}

export type DiaryStore = ReturnType<typeof bindDiary>;

export function createDiaryStore(docName: string, onSessionEnded: () => void): DiaryStore {
  const opened = openDocument(docName);
  const [state, actions] = bindDiary(opened.doc);
  const key = `zhurnal:synced:${docName}`;
  const stored = Number(localStorage.getItem(key)) || null;
  opened.onStatus((status, synced) => {
    if (synced) localStorage.setItem(key, String(Date.now()));
    actions.connection(status, synced, stored);
  });
  opened.onRefused((code, reason) => (code === CLOSE_CODES.unauthenticated ? onSessionEnded() : actions.refused(reason)));
  onCleanup(() => {
    actions.dispose();
    opened.close();
  });
  return [state, actions] as const;
}
