/**
 * Lifecycle step "load document": one live replica per document name, loaded
 * from the store on first use, brought up to date with the school's records,
 * compacted as it grows and unloaded when nobody has used it for a while.
 */
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { diaryDocName, inboxDocName, journalDocName, parseDocName } from "../../shared/doc-names.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import type { PageState } from "../../shared/permissions.ts";
import type { DocumentStore } from "../storage/document-store.ts";
import type { JournalSeed, SchoolRepository } from "../storage/school-repository.ts";
import { createUpdateGuard } from "../validation/update-guard.ts";
import { journalPolicy } from "../validation/journal-policy.ts";
import { diaryPolicy } from "../validation/diary-policy.ts";
import { syncJournalStructure } from "./journal-structure.ts";
import { buildDiary, clearDiary, diaryCardDiffers, diaryIsCurrent, projectPages, syncDiaryCard } from "../diary/project-diaries.ts";
import type { LiveDiary, LiveDocument, LiveInbox, LiveJournal } from "./live-document.ts";
import { createCommitQueue, StoreWriteError } from "../storage/commit-queue.ts";

export interface RegistryOptions {
  /** Updates after which a document is rewritten as one snapshot. */
  compactEvery?: number;
  /** How long a document nobody uses stays in memory. */
  idleMs?: number;
  /** Who an entry's author is, as diaries show it (cached by the caller). */
  nameOf?: (userId: string) => string;
  log?: (msg: string) => void;
  /** The school's date today (ISO), for D5; without it no diary counts as its student's former one. */
  today?: () => string;
  /** M1: writes a new inbox document from the message store; null when the user does not exist. */
  inboxes?: InboxSource;
}

export interface InboxSource {
  exists(userId: string): boolean;
  build(doc: Y.Doc, userId: string): void;
}

function pageStateOf(seed: JournalSeed): PageState {
  const lessons = new Map(seed.lessons.map((l) => [l.id, { date: l.date, slot: l.slot, substituteId: l.substituteId }]));
  const students = new Map(seed.students.map((s) => [s.id, { leftOn: s.entry.leftOn, joinedOn: s.entry.joinedOn ?? null }]));
  return { meta: seed.meta, lesson: (id) => lessons.get(id) ?? null, student: (id) => students.get(id) ?? null, permits: () => seed.permits };
}

export function createDocumentRegistry(store: DocumentStore, school: SchoolRepository, opts: RegistryOptions = {}) {
  const names = opts.nameOf ?? ((userId: string) => school.userShortName(userId));
  const commits = createCommitQueue(store, opts.log);
  const compactEvery = opts.compactEvery ?? 300;
  const idleMs = opts.idleMs ?? 60_000;
  const live = new Map<string, LiveDocument>();

  function replicaOf(name: string): { doc: Y.Doc; lastSeq: number; updatesSinceSnapshot: number } {
    const stored = store.load(name);
    const doc = new Y.Doc();
    if (stored.updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored.updates), ORIGIN.persistence);
    return { doc, lastSeq: stored.lastSeq, updatesSinceSnapshot: stored.updatesSinceSnapshot };
  }

  /** Runs a server-side write and stores what it produced. */
  function writeAsServer(doc: LiveDocument, fn: () => void): Uint8Array | null {
    let produced: Uint8Array | null = null;
    const capture = (u: Uint8Array, origin: unknown) => {
      if (origin === ORIGIN.server) produced = produced ? Y.mergeUpdates([produced, u]) : u;
    };
    doc.doc.on("update", capture);
    try {
      fn();
    } finally {
      doc.doc.off("update", capture);
    }
    if (produced) persist(doc, produced);
    return produced;
  }

  function loadJournal(pageId: string): LiveJournal | null {
    const seed = school.journalSeed(pageId);
    if (!seed) return null;
    const name = journalDocName(pageId);
    const replica = replicaOf(name);
    const journal: LiveJournal = {
      name, ref: { kind: "journal", pageId }, ...replica,
      awareness: new Awareness(replica.doc), peers: new Set(), idleSince: Date.now(),
      guard: createUpdateGuard(replica.doc, journalPolicy), state: pageStateOf(seed),
    };
    journal.awareness.setLocalState(null);
    live.set(name, journal);
    storeNow(journal, () => writeAsServer(journal, () => syncJournalStructure(journal.doc, seed)));
    return journal;
  }

  function loadDiary(studentId: string): LiveDiary | null {
    const card = school.studentCard(studentId);
    if (!card) return null;
    const name = diaryDocName(studentId);
    const isNew = !store.exists(name);
    const replica = replicaOf(name);
    const diary: LiveDiary = {
      name, ref: { kind: "diary", studentId }, ...replica,
      awareness: new Awareness(replica.doc), peers: new Set(), idleSince: Date.now(),
      guard: createUpdateGuard(replica.doc, diaryPolicy), leftOn: card.leftOn,
    };
    diary.awareness.setLocalState(null);
    live.set(name, diary);
    if (isNew || !diaryIsCurrent(diary.doc)) {
      const journals = school.pageIdsOfStudent(studentId).map(journal).filter((j): j is LiveJournal => j !== null);
      // A projection made under an older shape is made anew: nothing in it exists only there.
      storeNow(diary, () => writeAsServer(diary, () => {
        if (!isNew) clearDiary(diary.doc);
        buildDiary(diary.doc, studentId, card, journals, names);
      }));
    } else if (diaryCardDiffers(diary.doc, card)) {
      // A card edited while the diary was not in memory (A3).
      storeNow(diary, () => writeAsServer(diary, () => syncDiaryCard(diary.doc, card)));
    }
    return diary;
  }

  /** After a student's card changed: the open diary shows the new name at once. */
  function refreshDiaryCard(studentId: string): void {
    const doc = live.get(diaryDocName(studentId));
    if (!doc || doc.ref.kind !== "diary") return;
    const card = school.studentCard(studentId);
    if (!card || !diaryCardDiffers(doc.doc, card)) return;
    const update = storeNow(doc, () => writeAsServer(doc, () => syncDiaryCard(doc.doc, card)));
    if (update) for (const peer of doc.peers) peer.sendUpdate(update);
  }

  /**
   * After a student moved (between groups or classes): its diary shows each of
   * its pages within its time on it, and the new pages at once. Call after the
   * pages were refreshed (their rosters carry the bounds).
   */
  function refreshDiaryPages(studentId: string): void {
    const found = get(diaryDocName(studentId));
    const card = school.studentCard(studentId);
    if (!found || found.ref.kind !== "diary" || !card) return;
    const doc = found as LiveDiary;
    // D5: a student who left gets this last write (its timetable cut at the day it left), then nothing more.
    doc.leftOn = card.leftOn;
    const journals = school.pageIdsOfStudent(studentId).map(journal).filter((j): j is LiveJournal => j !== null);
    const update = storeNow(doc, () => writeAsServer(doc, () => {
      syncDiaryCard(doc.doc, card);
      projectPages(doc.doc, studentId, journals, card.leftOn, names);
    }));
    if (update) for (const peer of doc.peers) peer.sendUpdate(update);
  }

  function loadInbox(userId: string): LiveInbox | null {
    if (!opts.inboxes?.exists(userId)) return null;
    const name = inboxDocName(userId);
    const isNew = !store.exists(name);
    const replica = replicaOf(name);
    const inbox: LiveInbox = {
      name, ref: { kind: "inbox", userId }, ...replica,
      awareness: new Awareness(replica.doc), peers: new Set(), idleSince: Date.now(),
      // Like a diary, a projection: every change a client sends is refused.
      guard: createUpdateGuard(replica.doc, diaryPolicy),
    };
    inbox.awareness.setLocalState(null);
    live.set(name, inbox);
    const source = opts.inboxes;
    if (isNew) storeNow(inbox, () => writeAsServer(inbox, () => source.build(inbox.doc, userId)));
    return inbox;
  }

  /** After the school's records of a page changed (substitutes, permits, roster): rewrite its facts, if it is loaded. */
  function refreshJournal(pageId: string): void {
    const doc = live.get(journalDocName(pageId));
    if (!doc || doc.ref.kind !== "journal") return;
    const seed = school.journalSeed(pageId);
    if (!seed) return;
    const journal = doc as LiveJournal;
    journal.state = pageStateOf(seed);
    const update = storeNow(journal, () => writeAsServer(journal, () => syncJournalStructure(journal.doc, seed)));
    if (update) for (const peer of journal.peers) peer.sendUpdate(update);
  }

  function get(name: string): LiveDocument | null {
    const existing = live.get(name);
    if (existing) return existing;
    const ref = parseDocName(name);
    if (!ref) return null;
    if (ref.kind === "inbox") return loadInbox(ref.userId);
    return ref.kind === "journal" ? loadJournal(ref.pageId) : loadDiary(ref.studentId);
  }

  function journal(pageId: string): LiveJournal | null {
    const d = get(journalDocName(pageId));
    return d && d.ref.kind === "journal" ? (d as LiveJournal) : null;
  }

  /**
   * The diary that receives projections of the journal: null for an unknown
   * student and for one who has left the school (D5: a former student's
   * diary stays readable as it was on leaving, but gets no more updates).
   */
  function diary(studentId: string): LiveDiary | null {
    const d = get(diaryDocName(studentId));
    if (!d || d.ref.kind !== "diary") return null;
    const leftOn = (d as LiveDiary).leftOn;
    if (leftOn !== null && opts.today && leftOn <= opts.today()) return null;
    return d as LiveDiary;
  }

  function inbox(userId: string): LiveInbox | null {
    const d = get(inboxDocName(userId));
    return d && d.ref.kind === "inbox" ? (d as LiveInbox) : null;
  }

  /** Stores a server-side write now; when the store refuses it, the replica holding it is dropped so it is never served. */
  function storeNow<T>(doc: LiveDocument, fn: () => T): T {
    try {
      return commits.now(fn);
    } catch (err) {
      evict(doc);
      throw new StoreWriteError(`storing ${doc.name} failed: ${(err as Error).message}`);
    }
  }

  /** Lifecycle step "store": appends durably; call inside a transaction (`commits`) with related writes. */
  function persist(doc: LiveDocument, update: Uint8Array): void {
    doc.lastSeq = store.append(doc.name, update);
    doc.updatesSinceSnapshot++;
    // A document being written to is in use, connected or not (diaries usually are not).
    doc.idleSince = Date.now();
    if (doc.updatesSinceSnapshot >= compactEvery) compact(doc);
  }

  function compact(doc: LiveDocument): void {
    store.compact(doc.name, Y.encodeStateAsUpdate(doc.doc), doc.lastSeq);
    doc.updatesSinceSnapshot = 0;
  }

  function unload(doc: LiveDocument): void {
    commits.flush();
    if (doc.updatesSinceSnapshot > 0) compact(doc);
    live.delete(doc.name);
    doc.guard.destroy();
    doc.awareness.destroy();
    doc.doc.destroy();
  }

  /** Drops a replica without storing anything, e.g. after a failed write, so the next use reloads the store's truth. */
  function evict(doc: LiveDocument): void {
    if (live.get(doc.name) !== doc) return;
    live.delete(doc.name);
    for (const peer of [...doc.peers]) peer.close(CLOSE_CODES.internalError, "internal");
    doc.guard.destroy();
    doc.awareness.destroy();
    doc.doc.destroy();
  }

  function sweep(now = Date.now()): void {
    commits.flush();
    for (const doc of [...live.values()]) if (doc.peers.size === 0 && now - doc.idleSince > idleMs) unload(doc);
  }

  function closeAll(): void {
    commits.flush();
    for (const doc of [...live.values()]) unload(doc);
  }

  return { get, journal, diary, inbox, persist, writeAsServer, refreshJournal, refreshDiaryCard, refreshDiaryPages, evict, sweep, closeAll, live, commits };
}

export type DocumentRegistry = ReturnType<typeof createDocumentRegistry>;
