/**
 * Opens the SQLite file: WAL with synchronous=FULL, so an update acknowledged
 * after its COMMIT survives a power cut as well as a kill -9; runs the
 * integrity check and the pending migrations before anything else.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { MIGRATIONS } from "./migrations.ts";

export type SqliteDatabase = Database.Database;

export class StoreStartupError extends Error {}

export function openSqliteDatabase(file: string): SqliteDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const check = db.pragma("quick_check", { simple: true });
  if (check !== "ok") {
    db.close();
    throw new StoreStartupError(`The database ${file} failed its integrity check (${String(check)}); restore a backup.`);
  }
  migrate(db);
  reusePreparedStatements(db);
  return db;
}

/**
 * Repositories prepare their SQL where they use it, and SQLite compiles a
 * statement anew each time (as costly as a small query: a morning's 2,000
 * connections spent a second on it). The connection keeps what it compiled,
 * by SQL text; a statement is only handed out again once it is not running
 * (every run is synchronous, except an unfinished `iterate()`).
 */
function reusePreparedStatements(db: SqliteDatabase): void {
  const compile = db.prepare.bind(db);
  const compiled = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    const kept = compiled.get(sql);
    if (kept && !kept.busy) return kept;
    const statement = compile(sql);
    // Bounded in case some caller ever builds its SQL from data.
    if (!kept && compiled.size < 5000) compiled.set(sql, statement);
    return statement;
  }) as typeof db.prepare;
}

function migrate(db: SqliteDatabase): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version >= MIGRATIONS.length) return;
  // A migration may rebuild a table others refer to (SQLite's documented way): foreign keys are
  // off while migrations run and checked before they are back on.
  db.pragma("foreign_keys = OFF");
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new StoreStartupError(`migration ${v + 1} broke ${broken.length} foreign keys`);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  db.pragma("foreign_keys = ON");
}
