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
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

export function createBackupService(db: SqliteDatabase, opts: BackupOptions) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<BackupInfo> | null = null;

  async function backupNow(): Promise<BackupInfo> {
    // One at a time: a second request waits for the running one.
    if (running) return running;
    running = (async () => {
      mkdirSync(opts.dir, { recursive: true });
      let file = join(opts.dir, `journal-${stamp(Date.now())}.sqlite`);
      for (let n = 1; listBackups(opts.dir).some((b) => b.file === file); n++) file = join(opts.dir, `journal-${stamp(Date.now())}-${n}.sqlite`);
      await db.backup(file);
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
      backupNow().catch((err: unknown) => opts.log(`scheduled backup failed: ${String(err)}`)).finally(schedule);
    }, untilNext());
    timer.unref();
  }

  return {
    backupNow,
    list: () => listBackups(opts.dir),
    start: schedule,
    stop(): void {
      if (timer) clearTimeout(timer);
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
