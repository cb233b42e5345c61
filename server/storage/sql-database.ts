/**
 * The store's connection as the repositories see it: the part of
 * better-sqlite3's API they use, which the PostgreSQL back-end
 * (postgres-database.ts) implements too. Statements are synchronous on both:
 * the server's single thread runs each request's queries in order, as it
 * always has with SQLite (docs/deploy.md says what that costs on PostgreSQL).
 */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqlStatement<P extends unknown[] = unknown[], R = unknown> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): RunResult;
  iterate(...params: P): IterableIterator<R>;
}

// Spelled as better-sqlite3 spells them, so its connection is an SqlDatabase as it is.
type VariableArgFunction = (...params: any[]) => unknown;
type ArgumentTypes<F extends VariableArgFunction> = F extends (...args: infer A) => unknown ? A : never;

export interface SqlTransaction<F extends VariableArgFunction> {
  (...params: ArgumentTypes<F>): ReturnType<F>;
  /** Takes the write lock at once (SQLite); the same as a plain transaction on PostgreSQL. */
  immediate(...params: ArgumentTypes<F>): ReturnType<F>;
}

export interface SqlDatabase {
  /** Unset on a plain better-sqlite3 connection, which is SQLite. */
  readonly dialect?: "sqlite" | "postgres";
  // The shape of better-sqlite3's own signature, so its connection is one of these as it is.
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R>;
  transaction<F extends VariableArgFunction>(fn: F): SqlTransaction<F>;
  exec(sql: string): unknown;
  close(): unknown;
}
