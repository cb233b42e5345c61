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

/** How long the compactions run in one turn of the event loop may take (the last may overrun it). */
const COMPACTION_BUDGET_MS = 10;

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
  /**
   * In a cluster: whether this node owns the document (holds its shard's
   * lease). Another node's document is only ever read here, from a detached
   * copy of what is stored, never kept or written.
   */
  owns?: (name: string) => boolean;
  /** In a cluster: asks whichever node has the document loaded to bring it up to date with the school's records. */
  elsewhere?: (command: RefreshCommand) => void;
}

/** What another node is asked to do when the school's records of its documents change. */
export type RefreshCommand =
  | { type: "refresh-journal"; pageId: string }
  | { type: "refresh-diary-card"; studentId: string }
  | { type: "refresh-inbox"; userId: string }
  /** A student moved between groups or classes: its diary's pages and their bounds. */
  | { type: "refresh-diary-pages"; studentId: string }
  /** The school's rules changed: every loaded journal, on every node. */
  | { type: "refresh-all-journals" };

export interface InboxSource {
  exists(userId: string): boolean;
  build(doc: Y.Doc, userId: string): void;
}

function pageStateOf(seed: JournalSeed): PageState {
  const lessons = new Map(seed.lessons.map((l) => [l.id, { date: l.date, slot: l.slot, substituteId: l.substituteId }]));
  const students = new Map(seed.students.map((s) => [s.id, { leftOn: s.entry.leftOn, joinedOn: s.entry.joinedOn ?? null }]));
  return { meta: seed.meta, lesson: (id) => lessons.get(id) ?? null, student: (id) => students.get(id) ?? null, permits: () => seed.permits };
}

function changedAnything(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/**
 * A server-side write to a document this node does not serve (in a cluster,
 * another node owns it). Refused rather than written: two writers of one
 * document could each compact away the other's updates.
 */
export class DocumentElsewhereError extends Error {}

export function createDocumentRegistry(store: DocumentStore, school: SchoolRepository, opts: RegistryOptions = {}) {
  const names = opts.nameOf ?? ((userId: string) => school.userShortName(userId));
  const commits = createCommitQueue(store, opts.log);
  const compactEvery = opts.compactEvery ?? 300;
  const idleMs = opts.idleMs ?? 60_000;
  const live = new Map<string, LiveDocument>();

  function replicaOf(name: string): { doc: Y.Doc; lastSeq: number; updatesSinceSnapshot: number; fullState: Uint8Array | null } {
    const stored = store.load(name);
    // Named by its document: Yjs would otherwise draw a random uuid for it, 31 calls to the system's random source.
    const doc = new Y.Doc({ guid: name });
    // What was stored, merged, is the whole document: a first client is sent it without encoding it again.
    const fullState = stored.updates.length > 0 ? Y.mergeUpdates(stored.updates) : null;
    if (fullState) Y.applyUpdate(doc, fullState, ORIGIN.persistence);
    return { doc, lastSeq: stored.lastSeq, updatesSinceSnapshot: stored.updatesSinceSnapshot, fullState };
  }

  /** Starts serving a loaded document. */
  function serve(doc: LiveDocument): void {
    live.set(doc.name, doc);
    doc.doc.on("afterTransaction", (tr: Y.Transaction) => {
      if (doc.fullState !== null && changedAnything(tr)) doc.fullState = null;
    });
  }

  /** Runs a server-side write and stores what it produced. */
  function writeAsServer(doc: LiveDocument, fn: () => void): Uint8Array | null {
    mustServe(doc);
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

  function loadJournal(pageId: string, detached: boolean): LiveJournal | null {
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
    if (detached) return detach(journal);
    serve(journal);
    storeNow(journal, () => writeAsServer(journal, () => syncJournalStructure(journal.doc, seed)));
    return journal;
  }

  function loadDiary(studentId: string, detached: boolean): LiveDiary | null {
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
    if (detached) return detach(diary);
    serve(diary);
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
  function refreshDiaryCard(studentId: string, here = false): void {
    const doc = live.get(diaryDocName(studentId));
    if (!doc && !here) opts.elsewhere?.({ type: "refresh-diary-card", studentId });
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
  function refreshDiaryPages(studentId: string, here = false): void {
    if (!here && !live.has(diaryDocName(studentId))) opts.elsewhere?.({ type: "refresh-diary-pages", studentId });
    if (opts.owns && !owns(diaryDocName(studentId))) return;
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

  function loadInbox(userId: string, detached: boolean): LiveInbox | null {
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
    if (detached) return detach(inbox);
    serve(inbox);
    const source = opts.inboxes;
    // In a cluster another node may have stored messages while nobody here had the inbox: building is idempotent, so catch up.
    if (isNew || opts.owns !== undefined) storeNow(inbox, () => writeAsServer(inbox, () => source.build(inbox.doc, userId)));
    return inbox;
  }

  /** After the school's records of a page changed (substitutes, permits, roster): rewrite its facts, if it is loaded. */
  function refreshJournal(pageId: string, here = false): void {
    const doc = live.get(journalDocName(pageId));
    if (!doc && !here) opts.elsewhere?.({ type: "refresh-journal", pageId });
    if (!doc || doc.ref.kind !== "journal") return;
    const seed = school.journalSeed(pageId);
    if (!seed) return;
    const journal = doc as LiveJournal;
    journal.state = pageStateOf(seed);
    const update = storeNow(journal, () => writeAsServer(journal, () => syncJournalStructure(journal.doc, seed)));
    if (update) for (const peer of journal.peers) peer.sendUpdate(update);
  }

  /** In a cluster, an inbox this node owns catches up with the messages stored by any node. */
  function refreshInbox(userId: string, here = false): void {
    const doc = live.get(inboxDocName(userId));
    if (!doc && !here) opts.elsewhere?.({ type: "refresh-inbox", userId });
    if (!doc || doc.ref.kind !== "inbox" || !opts.inboxes) return;
    const source = opts.inboxes;
    const update = storeNow(doc, () => writeAsServer(doc, () => source.build(doc.doc, userId)));
    if (update) for (const peer of doc.peers) peer.sendUpdate(update);
  }

  /** After the school's rules changed: every journal loaded here, and (in a cluster) on every other node. */
  function refreshAllJournals(here = false): void {
    if (!here && opts.elsewhere) return opts.elsewhere({ type: "refresh-all-journals" });
    for (const doc of [...live.values()]) if (doc.ref.kind === "journal") refreshJournal(doc.ref.pageId, true);
  }

  /** Runs a refresh another node asked for, on the documents loaded here. */
  function refresh(command: RefreshCommand): void {
    if (command.type === "refresh-journal") refreshJournal(command.pageId, true);
    else if (command.type === "refresh-diary-card") refreshDiaryCard(command.studentId, true);
    else if (command.type === "refresh-inbox") refreshInbox(command.userId, true);
    else if (command.type === "refresh-diary-pages") refreshDiaryPages(command.studentId, true);
    else refreshAllJournals(true);
  }

  /** Whether this node may write the document: always on one node; in a cluster, when it owns it. */
  function owns(name: string): boolean {
    return live.has(name) || !opts.owns || opts.owns(name);
  }

  function get(name: string): LiveDocument | null {
    const existing = live.get(name);
    if (existing) return existing;
    const ref = parseDocName(name);
    if (!ref) return null;
    const detached = opts.owns ? !opts.owns(name) : false;
    if (ref.kind === "inbox") return loadInbox(ref.userId, detached);
    return ref.kind === "journal" ? loadJournal(ref.pageId, detached) : loadDiary(ref.studentId, detached);
  }

  function mustServe(doc: LiveDocument): void {
    if (live.get(doc.name) !== doc) throw new DocumentElsewhereError(`${doc.name} is not served by this node`);
  }

  /** A read-only copy of another node's document: no timers, nothing stored, not kept. */
  function detach<T extends LiveDocument>(doc: T): T {
    doc.awareness.destroy();
    doc.guard.destroy();
    return doc;
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
    if (!owns(diaryDocName(studentId))) {
      // In a cluster, a student who moved to a class another node serves: that node brings the
      // diary up to date from the store, once what is being written now is stored.
      setImmediate(() => commits.afterPending(() => opts.elsewhere?.({ type: "refresh-diary-pages", studentId })));
      return null;
    }
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
    mustServe(doc);
    doc.lastSeq = store.append(doc.name, update);
    doc.updatesSinceSnapshot++;
    // A document being written to is in use, connected or not (diaries usually are not).
    doc.idleSince = Date.now();
    if (doc.updatesSinceSnapshot >= compactEvery) dueForCompaction(doc);
  }

  /** Documents past the threshold: compacted a few at a time, between batches of edits. */
  const compactionsDue = new Set<LiveDocument>();
  let compactionScheduled = false;

  function dueForCompaction(doc: LiveDocument): void {
    compactionsDue.add(doc);
    if (compactionScheduled) return;
    compactionScheduled = true;
    setImmediate(compactSome);
  }

  /**
   * A compaction rewrites a whole document (milliseconds for a year's page):
   * it runs once the edits being stored are stored, in a transaction of its
   * own, and gives way to new edits after COMPACTION_BUDGET_MS, so pages that
   * reach the threshold together never hold edits back for long. A failed one
   * loses nothing (the updates stay) and is tried again after the next update.
   */
  function compactSome(): void {
    const until = performance.now() + COMPACTION_BUDGET_MS;
    // Stored first, then checked: a batch that failed has dropped its documents, and a snapshot
    // must only ever hold what is stored (nothing is queued while this loop runs).
    commits.flush();
    for (const doc of compactionsDue) {
      if (performance.now() >= until) break;
      compactionsDue.delete(doc);
      if (live.get(doc.name) !== doc || doc.updatesSinceSnapshot < compactEvery) continue;
      try {
        commits.now(() => compact(doc));
      } catch (err) {
        opts.log?.(`compacting ${doc.name} failed: ${(err as Error).message}`);
      }
    }
    compactionScheduled = compactionsDue.size > 0;
    if (compactionScheduled) setImmediate(compactSome);
  }

  function compact(doc: LiveDocument): void {
    store.compact(doc.name, Y.encodeStateAsUpdate(doc.doc), doc.lastSeq);
    doc.updatesSinceSnapshot = 0;
  }

  function unload(doc: LiveDocument): void {
    commits.flush();
    try {
      if (doc.updatesSinceSnapshot > 0) compact(doc);
    } catch (err) {
      // Every update is stored already; the snapshot is only a shortcut (refused, say, to a node fenced off).
      opts.log?.(`compacting ${doc.name} failed: ${(err as Error).message}`);
    }
    live.delete(doc.name);
    doc.guard.destroy();
    doc.awareness.destroy();
    doc.doc.destroy();
  }

  /** Drops a replica without storing anything, e.g. after a failed write, so the next use reloads the store's truth. */
  function evict(doc: LiveDocument, closeCode: number = CLOSE_CODES.internalError): void {
    if (live.get(doc.name) !== doc) return;
    live.delete(doc.name);
    const reason = closeCode === CLOSE_CODES.internalError ? "internal" : "server-shutdown";
    for (const peer of [...doc.peers]) peer.close(closeCode, reason);
    doc.guard.destroy();
    doc.awareness.destroy();
    doc.doc.destroy();
  }

  /**
   * Stops serving documents this node no longer owns (a lost lease): what is
   * queued is stored first, then they are dropped and their clients reconnect
   * to find the new owner.
   */
  function dropWhere(matches: (name: string) => boolean): void {
    commits.flush();
    for (const doc of [...live.values()]) if (matches(doc.name)) evict(doc, CLOSE_CODES.serverShutdown);
  }

  function sweep(now = Date.now()): void {
    commits.flush();
    for (const doc of [...live.values()]) if (doc.peers.size === 0 && now - doc.idleSince > idleMs) unload(doc);
  }

  function closeAll(): void {
    commits.flush();
    for (const doc of [...live.values()]) unload(doc);
  }

  return { get, journal, diary, inbox, persist, writeAsServer, refreshJournal, refreshDiaryCard, refreshDiaryPages, refreshInbox, refreshAllJournals, refresh, owns, evict, dropWhere, sweep, closeAll, live, commits };
}

export type DocumentRegistry = ReturnType<typeof createDocumentRegistry>;
