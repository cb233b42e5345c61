/**
 * The store a deployment names: PostgreSQL when DATABASE_URL is set (issue
 * 10), otherwise the embedded SQLite file in the data directory. `sqlite` is
 * the same handle when the store is SQLite (file backups need it), else null.
 */
import { join } from "node:path";
import { openPostgresDatabase } from "./postgres-database.ts";
import type { SqlDatabase } from "./sql-database.ts";
import { openSqliteDatabase, type SqliteDatabase } from "./sqlite-database.ts";

export interface OpenedStore {
  db: SqlDatabase;
  sqlite: SqliteDatabase | null;
}

export function openDatabase(dataDir: string, databaseUrl?: string | null): OpenedStore {
  if (databaseUrl) return { db: openPostgresDatabase(databaseUrl), sqlite: null };
  const sqlite = openSqliteDatabase(join(dataDir, "journal.sqlite"));
  return { db: sqlite, sqlite };
}
