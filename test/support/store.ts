/**
 * The store a test server wrote, opened the same way on either back-end, for
 * tests that check what was stored (issue 10: one suite over SQLite and
 * PostgreSQL).
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import type { SqlDatabase } from "../../server/storage/sql-database.ts";
import { openPostgresDatabase } from "../../server/storage/postgres-database.ts";

export function openStore(server: { dataDir: string; databaseUrl: string | null }, opts: { readonly?: boolean } = {}): SqlDatabase {
  if (server.databaseUrl) return openPostgresDatabase(server.databaseUrl);
  return new Database(join(server.dataDir, "journal.sqlite"), { readonly: opts.readonly ?? false });
}
