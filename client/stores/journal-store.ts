/**
 * One journal page as the grid sees it: roster, lessons, cells, and each
 * cell's state (saved, waiting to sync, refused with a reason). Writes are
 * checked with the same rules the server applies before they are made, and
 * carry their author and clock (J8, J11).
 */
import { createStore, reconcile } from "solid-js/store";
import { onCleanup } from "solid-js";
import type * as Y from "yjs";
import type { UserInfo } from "../../shared/api.ts";
import type { Access } from "../../shared/permissions.ts";
import { checkJournalChange, checkLessonAttachments } from "../../shared/permissions.ts";
import { ATTACHMENT_KINDS, extensionOf, MAX_ATTACHMENT_BYTES } from "../../shared/attachments.ts";
import { normalizeCellInput, parseCellValue, parsePeriodMark } from "../../shared/cell-value.ts";
import { cellKey, parseCellKey, cellsMap, encodeCell, individualHomeworkField, readCell, readEntries, readPeriodMark, writeCell, lessonsMap, periodMarksMap, permitsMap, readLessons, readMeta, readRoster, studentsMap, metaMap, type CellEntry, type StoredCellValue, type JournalMeta, type LessonInfo, type RosterRow } from "../../shared/journal-schema.ts";
import { pageStateFromDoc } from "../../shared/page-state.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import type { ErrorCode } from "../../shared/errors.ts";
import { openDocument, type ConnectionStatus, type OpenDocument } from "../sync/open-document.ts";
import { loadPlan, removeAttachment, uploadAttachment } from "../sync/api.ts";
import type { PlanTopic } from "../../shared/thematic-plan.ts";
import { createPresenceStore } from "./presence-store.ts";
import { observeAll } from "./observe-all.ts";

export type CellStatus = { state: "pending" } | { state: "rejected" | "invalid"; code: string };

/** One cell edit of this user: what it replaced and what it wrote. */
interface OwnEdit {
  studentId: string;
  lessonId: string;
  before: CellEntry | null;
  after: CellEntry | null;
}

export interface JournalState {
  ready: boolean;
  meta: JournalMeta | null;
  roster: RosterRow[];
  lessons: LessonInfo[];
  cells: Record<string, CellEntry>;
  /**
   * Student id -> a number that changes whenever a cell of the student's row
   * changes: what a row's averages follow, instead of each of its cells (a
   * year is 175 of them).
   */
  rowRevision: Record<string, number>;
  periodMarks: Record<string, CellEntry>;
  status: Record<string, CellStatus>;
  connection: ConnectionStatus;
  synced: boolean;
  /** The server refused the page itself (an error code), e.g. not-your-page. */
  refused: string | null;
  /** Edits made since the last time the server confirmed a full sync. */
  unsynced: number;
  /** P4: the page's calendar-thematic plan (empty when the school has none for it). */
  plan: PlanTopic[];
}

const ABSENCES = new Set(["Н", "Б", "У"]);

/** Binds a journal document (already open) to a store; exported apart for component tests. */
/** How the store hands files to the server (the sync/API module in the app; a fake in component tests). */
export interface FileTransfer {
  upload(lessonId: string, file: Blob & { name: string }): Promise<unknown>;
  remove(attachmentId: string): Promise<void>;
}

const NO_FILE_TRANSFER: FileTransfer = {
  upload: () => Promise.reject(new Error("no file transfer")),
  remove: () => Promise.reject(new Error("no file transfer")),
};

/** A refusal's code from the server, or "needs-network" when the request never got an answer. */
function transferError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "needs-network";
}

export function bindJournal(doc: Y.Doc, user: UserInfo, access: Access, now: () => number = Date.now, files: FileTransfer = NO_FILE_TRANSFER) {
  const [state, setState] = createStore<JournalState>({
    ready: false, meta: null, roster: [], lessons: [], cells: {}, rowRevision: {}, periodMarks: {}, status: {}, connection: "connecting", synced: false, refused: null, unsynced: 0, plan: [],
  });
  const actor = { userId: user.id, role: user.role, classTeacherOf: user.classTeacherOf };

  // Reconciled by id: a topic typed in one lesson re-renders that lesson's header, not the year's grid.
  const readStructure = () => {
    setState({ meta: readMeta(doc), ready: metaMap(doc).has("pageId") });
    setState("roster", reconcile(readRoster(doc), { key: "id" }));
    setState("lessons", reconcile(readLessons(doc), { key: "id" }));
  };
  const readAll = () => {
    readStructure();
    setState("cells", reconcile(readEntries(cellsMap(doc))));
    for (const s of state.roster) bumpRow(s.id);
    setState("periodMarks", reconcile(readEntries(periodMarksMap(doc))));
  };
  const bumpRow = (studentId: string) => setState("rowRevision", studentId, (n) => (n ?? 0) + 1);
  const onCells = (e: Y.YMapEvent<StoredCellValue>) => {
    const rows = new Set<string>();
    for (const key of e.keysChanged) {
      const studentId = parseCellKey(key)?.studentId;
      if (studentId) rows.add(studentId);
      // Set whole (a fresh object): a store setter would merge it into the old one.
      const v = readCell(doc, key);
      if (v) setState("cells", { [key]: v });
      else setState("cells", key, undefined!);
      if (e.transaction.origin !== ORIGIN.local && state.status[key]?.state !== "rejected") setState("status", key, undefined!);
    }
    rows.forEach(bumpRow);
  };
  const onPeriodMarks = (e: Y.YMapEvent<StoredCellValue>) => {
    for (const key of e.keysChanged) {
      const v = readPeriodMark(doc, key);
      if (v) setState("periodMarks", { [key]: v });
      else setState("periodMarks", key, undefined!);
    }
  };
  const onStructure = readStructure;
  const stopObserving = observeAll([
    [cellsMap(doc), onCells], [periodMarksMap(doc), onPeriodMarks], [metaMap(doc), onStructure],
    [studentsMap(doc), onStructure], [lessonsMap(doc), onStructure, "deep"], [permitsMap(doc), onStructure],
  ]);
  readAll();

  /** J2: whether this user may change a lesson's files, as the server will decide. */
  function predictAttachments(lessonId: string): ErrorCode | null {
    const page = pageStateFromDoc(doc);
    if (!page || !lessonsMap(doc).get(lessonId)) return "unknown-cell";
    const verdict = checkLessonAttachments({ actor, access, page, now: now() }, lessonId);
    return verdict.ok ? null : verdict.code;
  }

  function predict(change: Parameters<typeof checkJournalChange>[1]): ErrorCode | null {
    const page = pageStateFromDoc(doc);
    if (!page) return "unknown-cell";
    const verdict = checkJournalChange({ actor, access, page, now: now() }, change);
    return verdict.ok ? null : verdict.code;
  }

  /**
   * The teacher's own edits, for undo and redo: never a colleague's (see undo
   * below). One entry per gesture: a typed mark, a pasted block, a work type
   * given to a selection.
   */
  const history: { done: OwnEdit[][]; undone: OwnEdit[][] } = { done: [], undone: [] };
  /** The gesture being recorded, when several cells change as one. */
  let gesture: OwnEdit[] | null = null;

  function record(edit: OwnEdit): void {
    if (gesture) gesture.push(edit);
    else history.done.push([edit]);
    history.undone.length = 0;
  }

  /** Runs `fn` as one gesture: one transaction, one undo step. */
  function asGesture<T>(fn: () => T): T {
    if (gesture) return fn();
    gesture = [];
    try {
      return doc.transact(fn, ORIGIN.local);
    } finally {
      if (gesture.length > 0) history.done.push(gesture);
      gesture = null;
    }
  }

  function put(studentId: string, lessonId: string, entry: CellEntry | null, recordIt: boolean): string | null {
    const key = cellKey(studentId, lessonId);
    const before = readCell(doc, key);
    if (entry === null && before === null) return null;
    const refusal = predict({ kind: "cell", key, studentId, lessonId, before, after: entry });
    if (refusal) {
      setState("status", key, { state: "rejected", code: refusal });
      return refusal;
    }
    doc.transact(() => writeCell(doc, studentId, lessonId, entry), ORIGIN.local);
    markPending(key);
    if (recordIt) record({ studentId, lessonId, before, after: entry });
    return null;
  }

  const sameEntry = (a: CellEntry | null | undefined, b: CellEntry | null | undefined) => (a ?? null) === null ? (b ?? null) === null : !!b && a!.value === b.value && a!.at === b.at && a!.by === b.by && a!.workType === b.workType;

  /**
   * Reverts the newest gesture on `from` of which the cells still show
   * something, and records the reverting edits as one gesture on `to`.
   */
  function replay(from: OwnEdit[][], to: OwnEdit[][]): boolean {
    while (from.length > 0) {
      const edits = from.pop()!;
      const reverted: OwnEdit[] = [];
      doc.transact(() => {
        for (const e of [...edits].reverse()) {
          const key = cellKey(e.studentId, e.lessonId);
          const now_ = readCell(doc, key);
          // A colleague changed the cell since: that is theirs now, leave it.
          if (!sameEntry(now_, e.after)) continue;
          const target = e.before ? { ...e.before, at: now(), by: user.id } : null;
          if (put(e.studentId, e.lessonId, target, false) !== null) continue;
          reverted.push({ studentId: e.studentId, lessonId: e.lessonId, before: e.after, after: readCell(doc, key) });
        }
      }, ORIGIN.local);
      if (reverted.length > 0) {
        to.push(reverted.reverse());
        return true;
      }
    }
    return false;
  }

  /** J5: the type a new mark in this lesson gets: the lesson's own, else the teacher's current choice. */
  function workTypeFor(lessonId: string, chosen: string): string {
    const own = lessonsMap(doc).get(lessonId)?.get("workType");
    return typeof own === "string" && own !== "" ? own : chosen;
  }

  function markPending(key: string): void {
    if (!(state.connection === "connected" && state.synced)) {
      setState("status", key, { state: "pending" });
      setState("unsynced", (n) => n + 1);
    } else setState("status", key, undefined!);
  }

  const actions = {
    /** Writes a typed value into a lesson cell; returns the refusal code, or null when written. */
    write(studentId: string, lessonId: string, input: string, workType: string): string | null {
      const key = cellKey(studentId, lessonId);
      const meta = state.meta;
      if (!meta) return "unknown-cell";
      const trimmed = normalizeCellInput(input);
      if (trimmed === "") return actions.clear(studentId, lessonId);
      const parsed = parseCellValue(trimmed, meta.grammar);
      if (!parsed.ok) {
        setState("status", key, { state: "invalid", code: parsed.code });
        return parsed.code;
      }
      const entry: CellEntry = ABSENCES.has(parsed.value) ? { value: parsed.value, at: now(), by: user.id } : { value: parsed.value, at: now(), by: user.id, workType: workTypeFor(lessonId, workType) };
      const current = readCell(doc, key);
      // The same value again (a re-typed or re-pasted mark of the same type) changes nothing.
      if (current && current.value === entry.value && current.workType === entry.workType) {
        setState("status", key, undefined!);
        return null;
      }
      return put(studentId, lessonId, entry, true);
    },
    clear(studentId: string, lessonId: string): string | null {
      return put(studentId, lessonId, null, true);
    },
    /** A pasted block: every cell checked alone, the accepted ones written in one transaction. */
    writeBlock(cells: Array<{ studentId: string; lessonId: string; input: string }>, workType: string): number {
      let written = 0;
      asGesture(() => {
        for (const c of cells) if (actions.write(c.studentId, c.lessonId, c.input, workType) === null) written++;
      });
      return written;
    },
    /**
     * J5: gives the marks in these cells another work type (absences and empty
     * cells have none and are skipped). Each is a change of a set mark, checked
     * like one (J9); returns how many were refused.
     */
    setWorkType(cells: Array<{ studentId: string; lessonId: string }>, workType: string): number {
      let refused = 0;
      asGesture(() => {
        for (const c of cells) {
          const current = readCell(doc, cellKey(c.studentId, c.lessonId));
          if (!current || current.workType === undefined || current.workType === workType) continue;
          if (put(c.studentId, c.lessonId, { ...current, workType, at: now(), by: user.id }, true) !== null) refused++;
        }
      });
      return refused;
    },
    /**
     * Undo the user's last own edit. It is undone by a new entry of the same
     * user (restoring a colleague's entry would sign it with their name), and
     * only while the cell still holds what the user wrote: a colleague's later
     * edit is left alone.
     */
    undo(): boolean {
      return replay(history.done, history.undone);
    },
    redo(): boolean {
      return replay(history.undone, history.done);
    },
    canUndo: () => history.done.length > 0,
    writeLessonField(lessonId: string, field: "topic" | "homework" | "workType", text: string): string | null {
      const lesson = lessonsMap(doc).get(lessonId);
      if (!lesson) return "unknown-cell";
      const refusal = predict({ kind: "lesson-field", lessonId, field, before: lesson.get(field), after: text });
      if (refusal) return refusal;
      doc.transact(() => lesson.set(field, text), ORIGIN.local);
      return null;
    },
    /** J2: homework for one student only; an empty text removes it. */
    writeIndividualHomework(lessonId: string, studentId: string, text: string): string | null {
      const lesson = lessonsMap(doc).get(lessonId);
      if (!lesson) return "unknown-cell";
      const field = individualHomeworkField(studentId);
      const before = lesson.get(field);
      const after = text.trim() === "" ? undefined : text.trim();
      if (before === after) return null;
      const refusal = predict({ kind: "lesson-field", lessonId, field, before, after });
      if (refusal) return refusal;
      doc.transact(() => (after === undefined ? lesson.delete(field) : lesson.set(field, after)), ORIGIN.local);
      return null;
    },
    setPlan(plan: PlanTopic[]): void {
      setState("plan", plan);
    },
    /** J2: the file goes to the server, which lists it in the lesson for everyone; resolves to an error code or null. */
    async attachFile(lessonId: string, file: Blob & { name: string }): Promise<string | null> {
      const refusal = predictAttachments(lessonId);
      if (refusal) return refusal;
      if (file.size > MAX_ATTACHMENT_BYTES) return "file-too-large";
      if (!ATTACHMENT_KINDS[extensionOf(file.name)]) return "file-type-not-allowed";
      if (state.connection !== "connected") return "needs-network";
      return files.upload(lessonId, file).then(() => null, transferError);
    },
    async removeAttachment(lessonId: string, attachmentId: string): Promise<string | null> {
      const refusal = predictAttachments(lessonId);
      if (refusal) return refusal;
      return files.remove(attachmentId).then(() => null, transferError);
    },
    writePeriodMark(studentId: string, periodId: string, input: string): string | null {
      const key = cellKey(studentId, periodId);
      const meta = state.meta;
      if (!meta) return "unknown-cell";
      const statusKey = `period:${key}`;
      if (input.trim() === "") {
        const before = readPeriodMark(doc, key);
        if (!before) return null;
        const refusal = predict({ kind: "period-mark", key, studentId, periodId, before, after: null });
        if (refusal) return void setState("status", statusKey, { state: "rejected", code: refusal }), refusal;
        doc.transact(() => periodMarksMap(doc).delete(key), ORIGIN.local);
        return null;
      }
      const parsed = parsePeriodMark(input, meta.grammar);
      if (!parsed.ok) return void setState("status", statusKey, { state: "invalid", code: parsed.code }), parsed.code;
      const entry: CellEntry = { value: parsed.value, at: now(), by: user.id };
      const before = readPeriodMark(doc, key);
      const refusal = predict({ kind: "period-mark", key, studentId, periodId, before, after: entry });
      if (refusal) return void setState("status", statusKey, { state: "rejected", code: refusal }), refusal;
      doc.transact(() => periodMarksMap(doc).set(key, encodeCell(entry)), ORIGIN.local);
      setState("status", statusKey, undefined!);
      return null;
    },
    /** A refusal the server sent for one of this user's edits. */
    refusedByServer(target: string, code: string): void {
      setState("status", target.startsWith("periodMarks/") ? `period:${target.slice(12)}` : target, { state: "rejected", code });
    },
    connection(status: ConnectionStatus, synced: boolean): void {
      setState({ connection: status, synced });
      if (status === "connected" && synced) {
        // The sync handshake carried every local edit: nothing waits any more.
        for (const [key, s] of Object.entries(state.status)) if (s?.state === "pending") setState("status", key, undefined!);
        setState("unsynced", 0);
      }
    },
    refusedPage(code: string): void {
      setState("refused", code);
    },
    dispose: stopObserving,
  };
  return [state, actions] as const;
}

export type JournalStore = ReturnType<typeof bindJournal>;

/** Opens the page's document (IndexedDB + sync) and binds it; closes it with the owner. */
export function createJournalStore(pageId: string, docName: string, user: UserInfo, access: Access, onSessionEnded: () => void): { journal: JournalStore; presence: ReturnType<typeof createPresenceStore> } {
  const opened: OpenDocument = openDocument(docName);
  const [state, actions] = bindJournal(opened.doc, user, access, Date.now, { upload: uploadAttachment, remove: removeAttachment });
  const presence = createPresenceStore(opened.awareness, user);
  if (access === "write") void loadPlan(pageId).then(actions.setPlan);
  opened.onStatus((status, synced) => actions.connection(status, synced));
  opened.onNotice((notice) => {
    if (notice.type === "rejected") for (const c of notice.changes) actions.refusedByServer(c.target, c.code);
  });
  opened.onRefused((code, reason) => {
    if (code === CLOSE_CODES.unauthenticated) onSessionEnded();
    else actions.refusedPage(reason);
  });
  onCleanup(() => {
    actions.dispose();
    opened.close();
  });
  return { journal: [state, actions] as const, presence };
}
