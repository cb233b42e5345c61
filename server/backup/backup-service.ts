/**
 * Online, consistent backups of the SQLite store while the server runs
 * (better-sqlite3's backup API), nightly at a set school-local time and on
 * demand, keeping the last N (Ar3).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SqliteDatabase } from "../storage/sqlite-database.ts";
import { localTime, parseClock } from "../../shared/school-time.ts";
import { checkBackup, listBackups, sha256Of, type BackupInfo } from "./backup-files.ts";

export interface BackupOptions {
  dir: string;
  keep: number;
  /** "02:00", school-local */
  at: string;
  timeZone: string;
  now: () => number;
  log: (msg: string) => void;
  /** In a cluster sharing one SQLite file (issue 10): whether this node makes the night's backup (only one does). */
  mayRunScheduled?: (day: string) => Promise<boolean>;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/**
 * `db` is null on PostgreSQL, which is backed up by its own tools (pg_dump,
 * WAL archiving; docs/deploy.md): the service then keeps no files.
 */
export function createBackupService(db: SqliteDatabase | null, opts: BackupOptions) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<BackupInfo> | null = null;

  async function backupNow(): Promise<BackupInfo> {
    // One at a time: a second request waits for the running one.
    if (running) return running;
    if (!db) throw new Error("the store is PostgreSQL: back it up with its own tools");
    const sqlite = db;
    running = (async () => {
      mkdirSync(opts.dir, { recursive: true });
      let file = join(opts.dir, `journal-${stamp(Date.now())}.sqlite`);
      for (let n = 1; listBackups(opts.dir).some((b) => b.file === file); n++) file = join(opts.dir, `journal-${stamp(Date.now())}-${n}.sqlite`);
      await sqlite.backup(file);
      const sha256 = sha256Of(file);
      writeFileSync(`${file}.sha256`, `${sha256}  ${file.split("/").pop()}\n`);
      const problem = checkBackup(file);
      if (problem) throw new Error(`backup failed its own check: ${problem}`);
      prune();
      opts.log(`backup written: ${file}`);
      return listBackups(opts.dir).find((b) => b.file === file)!;
    })().finally(() => (running = null));
    return running;
  }

  function prune(): void {
    const all = listBackups(opts.dir);
    for (const old of all.slice(0, Math.max(0, all.length - opts.keep))) {
      rmSync(old.file, { force: true });
      rmSync(`${old.file}.sha256`, { force: true });
    }
  }

  /** Milliseconds until the next school-local `at`. */
  function untilNext(): number {
    const t = opts.now();
    const local = localTime(t, opts.timeZone);
    const target = parseClock(opts.at);
    const minutes = (target - local.minutes + 24 * 60) % (24 * 60) || 24 * 60;
    return minutes * 60_000;
  }

  function schedule(): void {
    timer = setTimeout(() => {
      const day = localTime(opts.now(), opts.timeZone).date;
      (opts.mayRunScheduled ?? (async () => true))(day)
        .then((mine) => (mine ? backupNow().then(() => undefined) : undefined))
        .catch((err: unknown) => opts.log(`scheduled backup failed: ${String(err)}`))
        .finally(schedule);
    }, untilNext());
    timer.unref();
  }

  return {
    available: db !== null,
    backupNow,
    list: () => (db ? listBackups(opts.dir) : []),
    start: () => (db ? schedule() : undefined),
    stop(): void {
      if (timer) clearTimeout(timer);
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
