/**
 * A4: remembers each time a student or a parent opens a diary (a sync
 * connection let in to `diary/<studentId>`). Opens are written in batches:
 * a morning when every family opens the diary costs one commit every few
 * seconds, not one per family; a reader of the table flushes first, so it
 * always sees every open so far. A crash loses at most the last batch of
 * this monitoring, never anything of the journal.
 */
import type { Actor } from "../../shared/roles.ts";
import { parseDocName } from "../../shared/doc-names.ts";
import type { DiaryOpen, UsageRepository } from "../storage/usage-repository.ts";
import type { Clock } from "../clock.ts";

export function createDiaryUsageRecorder(repo: UsageRepository, now: Clock, flushEveryMs = 5000, log: (msg: string) => void = () => {}) {
  let pending: DiaryOpen[] = [];

  function flush(): void {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      repo.recordOpens(batch);
    } catch (err) {
      log(`diary usage not recorded: ${(err as Error).message}`);
    }
  }

  const timer = setInterval(flush, flushEveryMs);
  timer.unref();

  return {
    /** Called for every document someone was let into; only families opening a diary count. */
    opened(actor: Actor, docName: string): void {
      const ref = parseDocName(docName);
      if (!ref || ref.kind !== "diary" || (actor.role !== "student" && actor.role !== "parent")) return;
      pending.push({ studentId: ref.studentId, userId: actor.userId, at: now() });
    },
    flush,
    stop(): void {
      clearInterval(timer);
      flush();
    },
  };
}

export type DiaryUsageRecorder = ReturnType<typeof createDiaryUsageRecorder>;
