/**
 * The pipeline for one update a client sent: validate what integrates, queue
 * it (with its compensation, audit rows and the diary projections) for the
 * next group commit, and once that is durable broadcast: peers get the update
 * and its compensation merged as one, the author gets the compensation and a
 * notice saying what was refused.
 */
import * as Y from "yjs";
import type { Actor } from "../../shared/roles.ts";
import type { Access, JournalChange } from "../../shared/permissions.ts";
import { checkJournalChange, type ChangeContext } from "../../shared/permissions.ts";
import type { ErrorCode } from "../../shared/errors.ts";
import type { RefusedChange } from "../../shared/protocol.ts";
import { isCellEntry } from "../../shared/journal-schema.ts";
import { DocumentElsewhereError, type DocumentRegistry } from "../documents/document-registry.ts";
import type { DocumentPeer, LiveDiary, LiveDocument, LiveJournal } from "../documents/live-document.ts";
import type { AuditEntry, AuditRepository } from "../storage/audit-repository.ts";
import { hasMissingDependencies } from "../validation/missing-dependencies.ts";
import { auditValue } from "../validation/journal-policy.ts";
import { pageView, projectCells, projectLessons, projectPeriodMarks, studentBounds, type NameOf } from "../diary/project-diaries.ts";
import { individualHomeworkStudent, lessonsMap, studentsMap } from "../../shared/journal-schema.ts";
import type { SchoolAdminRepository } from "../storage/school-admin-repository.ts";
import type { Clock } from "../clock.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { StoreWriteError } from "../storage/commit-queue.ts";

export interface Author extends DocumentPeer {
  actor: Actor;
  access: Access;
  requestResync(): void;
  sendRefusal(refused: RefusedChange[]): void;
}

export interface PipelineDeps {
  registry: DocumentRegistry;
  audit: AuditRepository;
  admin: SchoolAdminRepository;
  nameOf: NameOf;
  now: Clock;
  log: (msg: string) => void;
}


export type UpdateOutcome = "applied" | "refused" | "unchanged" | "missing-dependencies";

export function broadcast(doc: LiveDocument, update: Uint8Array, except: DocumentPeer | null): void {
  for (const peer of doc.peers) if (peer !== except) peer.sendUpdate(update);
}

function targetOf(change: JournalChange): string {
  if (change.kind === "cell") return change.key;
  if (change.kind === "period-mark") return `periodMarks/${change.key}`;
  if (change.kind === "lesson-field") return `lessons/${change.lessonId}/${change.field}`;
  if (change.kind === "lost") return change.root === "cells" ? change.key : `periodMarks/${change.key}`;
  return change.path;
}

/** The key a permit covers: the `cells` or `periodMarks` key. */
function targetKey(change: JournalChange): string {
  return change.kind === "cell" || change.kind === "period-mark" ? change.key : targetOf(change);
}

function attempted(change: JournalChange): unknown {
  if (change.kind === "cell" || change.kind === "period-mark" || change.kind === "lost") return isCellEntry(change.after) ? change.after.value : auditValue(change.after);
  if (change.kind === "lesson-field") return auditValue(change.after);
  return null;
}

export function createUpdatePipeline(deps: PipelineDeps) {
  const now = deps.now;

  function auditRows(
    doc: LiveJournal, author: Author, changes: JournalChange[], verdicts: Array<ErrorCode | null>, refusedAll: ErrorCode | null, permits: Map<JournalChange, string>,
  ): AuditEntry[] {
    const serverTime = now();
    return changes.map((change, i) => {
      const own = verdicts[i] ?? null;
      const reason = own ?? refusedAll;
      const hasEntry = change.kind === "cell" || change.kind === "period-mark" || change.kind === "lost";
      return {
        serverTime,
        authorTime: hasEntry && isCellEntry(change.after) ? change.after.at : null,
        userId: author.actor.userId,
        docName: doc.name,
        target: targetOf(change),
        oldValue: change.kind === "structure" || change.kind === "lost" ? null : auditValue(change.before),
        newValue: change.kind === "structure" ? null : auditValue(change.after),
        // A superseded value never took effect, whatever became of the update that carried it.
        decision: change.kind === "lost" ? "superseded" : reason !== null ? "rejected" : "accepted",
        reason,
        permitId: reason === null ? (permits.get(change) ?? null) : null,
      };
    });
  }

  /** Diary updates for the accepted cell changes, written to the in-memory diaries. */
  function project(journal: LiveJournal, changes: JournalChange[]): Array<{ diary: LiveDiary; update: Uint8Array }> {
    const byStudent = new Map<string, { lessons: Set<string>; periods: Set<string> }>();
    // A topic or homework concerns every student of the page; homework for one student (J2) only that student.
    const lessonsTouched = new Set<string>();
    const ownLessons = new Map<string, Set<string>>();
    for (const c of changes) {
      if (c.kind !== "lesson-field") continue;
      const forStudent = individualHomeworkStudent(c.field);
      if (forStudent === null) lessonsTouched.add(c.lessonId);
      else ownLessons.set(forStudent, (ownLessons.get(forStudent) ?? new Set<string>()).add(c.lessonId));
    }
    const touch = (studentId: string) => {
      if (!byStudent.has(studentId)) byStudent.set(studentId, { lessons: new Set(), periods: new Set() });
    };
    if (lessonsTouched.size > 0) studentsMap(journal.doc).forEach((_s, studentId) => touch(studentId));
    for (const studentId of ownLessons.keys()) touch(studentId);
    for (const c of changes) {
      if (c.kind !== "cell" && c.kind !== "period-mark") continue;
      const touched = byStudent.get(c.studentId) ?? { lessons: new Set<string>(), periods: new Set<string>() };
      if (c.kind === "cell") touched.lessons.add(c.lessonId);
      else touched.periods.add(c.periodId);
      byStudent.set(c.studentId, touched);
    }
    const out: Array<{ diary: LiveDiary; update: Uint8Array }> = [];
    const shared = byStudent.size > 0 ? pageView(journal) : null;
    if (!shared) return out;
    const roster = studentsMap(journal.doc);
    for (const [studentId, touched] of byStudent) {
      const diary = deps.registry.diary(studentId);
      if (!diary) continue;
      // P2, D5: a student on the page for part of the year (moved between groups or classes) sees only its part.
      const entry = roster.get(studentId);
      const bounds = entry && (entry.leftOn || entry.joinedOn) ? studentBounds(journal, studentId) : null;
      const own = ownLessons.get(studentId);
      let lessons = own ? new Set([...lessonsTouched, ...own]) : lessonsTouched;
      let view = shared;
      if (bounds) {
        view = pageView(journal, bounds.until, bounds.from) ?? shared;
        const inBounds = (id: string) => {
          const date = String(lessonsMap(journal.doc).get(id)?.get("date") ?? "");
          return (bounds.until === null || date <= bounds.until) && (bounds.from === null || date >= bounds.from);
        };
        lessons = new Set([...lessons].filter(inBounds));
      }
      let update: Uint8Array | null = null;
      const capture = (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u);
      diary.doc.on("update", capture);
      if (touched.lessons.size > 0) projectCells(diary.doc, view, touched.lessons, studentId, deps.nameOf);
      if (touched.periods.size > 0) projectPeriodMarks(diary.doc, view, touched.periods, studentId);
      if (lessons.size > 0) projectLessons(diary.doc, view, lessons, studentId);
      diary.doc.off("update", capture);
      if (update) out.push({ diary, update });
    }
    return out;
  }

  function handleJournal(doc: LiveJournal, author: Author, update: Uint8Array): UpdateOutcome {
    const ctx: ChangeContext = { actor: author.actor, access: author.access, page: doc.state, now: now() };
    const permits = new Map<JournalChange, string>();
    const result = doc.guard.apply(update, (change) => {
      const verdict = checkJournalChange(ctx, change);
      if (!verdict.ok) return verdict.code;
      if (verdict.permitId !== null) permits.set(change, verdict.permitId);
      return null;
    });
    if (!result.applied) return "unchanged";
    // When the whole update was undone, its accepted-looking changes share the refusal.
    const firstRefusal = result.undoneWhole ? (result.verdicts.find((v) => v !== null) ?? null) : null;
    const merged = result.compensation ? Y.mergeUpdates([result.applied, result.compensation]) : result.applied;
    const kept = result.undoneWhole ? [] : result.changes.filter((_c, i) => result.verdicts[i] === null);
    const diaries = project(doc, kept);
    const usedPermits = [...permits].filter(([change]) => kept.includes(change));
    const refused = result.compensation
      ? result.changes
          .map((change, i) => ({ change, code: result.verdicts[i] ?? firstRefusal }))
          .filter((r): r is { change: JournalChange; code: ErrorCode } => r.code !== null && r.change.kind !== "lost")
          .map(({ change, code }) => ({ target: targetOf(change), code, attempted: attempted(change) }))
      : [];
    const compensation = result.compensation;
    const audit = auditRows(doc, author, result.changes, result.verdicts, firstRefusal, permits);
    deps.registry.commits.enqueue({
      write() {
        deps.registry.persist(doc, merged);
        for (const row of audit) deps.audit.record(row);
        for (const d of diaries) deps.registry.persist(d.diary, d.update);
        for (const [change, permitId] of usedPermits) deps.admin.usePermit(permitId, targetKey(change), author.actor.userId, ctx.now);
      },
      done() {
        broadcast(doc, merged, author);
        for (const d of diaries) broadcast(d.diary, d.update, null);
        // A permit is used up cell by cell: everybody's copy of it must say so.
        if (usedPermits.length > 0) deps.registry.refreshJournal(doc.ref.pageId);
        if (compensation) {
          author.sendUpdate(compensation);
          author.sendRefusal(refused);
        }
      },
      failed: (err) => forgetUnstored(doc, diaries.map((d) => d.diary), err),
    });
    return compensation ? "refused" : "applied";
  }

  /**
   * The store did not take a batch: forget the in-memory replicas so nothing
   * unstored is ever served. Their sockets close; each author still holds its
   * edit and resends it on reconnecting.
   */
  function forgetUnstored(doc: LiveDocument, diaries: LiveDiary[], err: Error): void {
    deps.log(`storing ${doc.name} failed: ${err.message}`);
    deps.registry.evict(doc);
    for (const d of diaries) deps.registry.evict(d);
  }

  function handleDiary(doc: LiveDiary, author: Author, update: Uint8Array): UpdateOutcome {
    const result = doc.guard.apply(update, () => "forbidden");
    if (!result.applied) return "unchanged";
    const merged = result.compensation ? Y.mergeUpdates([result.applied, result.compensation]) : result.applied;
    const { compensation, changes } = result;
    deps.registry.commits.enqueue({
      write: () => deps.registry.persist(doc, merged),
      done() {
        broadcast(doc, merged, author);
        if (compensation) {
          author.sendUpdate(compensation);
          author.sendRefusal(changes.map((c) => ({ target: c.path, code: "forbidden", attempted: null })));
        }
      },
      failed: (err) => forgetUnstored(doc, [], err),
    });
    return result.refused ? "refused" : "applied";
  }

  /**
   * A change the server itself makes to lessons of a page (e.g. a homework file
   * added or removed): written with the server's origin, projected into the
   * diaries and stored with `alsoStore`'s rows in one transaction, then
   * broadcast. Throws StoreWriteError when the store refuses it.
   */
  function applyServerLessonChange(doc: LiveJournal, lessonIds: string[], write: () => void, alsoStore: () => void): void {
    let diaries: Array<{ diary: LiveDiary; update: Uint8Array }> = [];
    let update = null as Uint8Array | null;
    try {
      deps.registry.commits.now(() => {
        alsoStore();
        update = deps.registry.writeAsServer(doc, () => doc.doc.transact(write, ORIGIN.server));
        const touched: JournalChange[] = lessonIds.map((lessonId) => ({ kind: "lesson-field", lessonId, field: "attachments", before: null, after: null }));
        diaries = project(doc, touched);
        for (const d of diaries) deps.registry.persist(d.diary, d.update);
      });
    } catch (err) {
      // Nothing was written: the document is another node's (the caller may try there).
      if (err instanceof DocumentElsewhereError) throw err;
      deps.registry.evict(doc);
      for (const d of diaries) deps.registry.evict(d.diary);
      throw new StoreWriteError(`storing ${doc.name} failed: ${(err as Error).message}`);
    }
    if (update) broadcast(doc, update, null);
    for (const d of diaries) broadcast(d.diary, d.update, null);
  }

  /** Throws on a malformed update (the caller closes the connection). */
  function handle(doc: LiveDocument, author: Author, update: Uint8Array): UpdateOutcome {
    if (hasMissingDependencies(doc.doc, update)) {
      author.requestResync();
      return "missing-dependencies";
    }
    return doc.ref.kind === "journal" ? handleJournal(doc as LiveJournal, author, update) : handleDiary(doc as LiveDiary, author, update);
  }

  return {
    handle,
    applyServerLessonChange,
    /** Runs `fn` once every update handled so far is stored: what a reader is sent must be durable. */
    afterPending: (fn: () => void) => deps.registry.commits.afterPending(fn),
  };
}

export type UpdatePipeline = ReturnType<typeof createUpdatePipeline>;
