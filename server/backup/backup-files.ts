/**
 * Backup files (Ar3): `journal-YYYYMMDD-HHMMSS.sqlite` with a `.sha256` beside
 * it, in DATA_DIR/backups. Checking one means: the checksum matches, SQLite's
 * integrity check passes, and every stored document decodes.
 */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { verifyStoredDocuments } from "../storage/verify-documents.ts";

export interface BackupInfo {
  file: string;
  bytes: number;
  sha256: string;
  createdAt: number;
}

export function sha256Of(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^journal-\d{8}-\d{6}(-\d+)?\.sqlite$/.test(f))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const sidecar = `${file}.sha256`;
      return { file, bytes: statSync(file).size, sha256: existsSync(sidecar) ? readFileSync(sidecar, "utf8").trim().split(" ")[0]! : "", createdAt: statSync(file).mtimeMs };
    });
}

/** Null when the backup is sound, else what is wrong with it. */
export function checkBackup(file: string): string | null {
  if (!existsSync(file)) return `${file} does not exist`;
  const sidecar = `${file}.sha256`;
  if (!existsSync(sidecar)) return `${basename(file)} has no checksum file`;
  const expected = readFileSync(sidecar, "utf8").trim().split(" ")[0];
  if (sha256Of(file) !== expected) return `${basename(file)} does not match its SHA-256 checksum`;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok") return `${basename(file)} failed SQLite's integrity check: ${String(check)}`;
    verifyStoredDocuments(db);
    return null;
  } catch (err) {
    return `${basename(file)}: ${(err as Error).message}`;
  } finally {
    if (db.open) db.close();
  }
}
