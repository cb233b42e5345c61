/**
 * The PostgreSQL back-end (DATABASE_URL=postgres://...): the same statements
 * and migrations as SQLite (rewritten by postgres-dialect.ts), through
 * libpq's synchronous calls, so every repository runs unchanged on either.
 * Each statement is prepared once per connection; a transaction inside a
 * transaction is a savepoint, as in better-sqlite3.
 */
import { createRequire } from "node:module";
import { MIGRATIONS, POSTGRES_MIGRATIONS } from "./migrations.ts";
import { insertedKey, translateMigration, translateQuery, type KeyedTables } from "./postgres-dialect.ts";
import type { RunResult, SqlDatabase, SqlStatement, SqlTransaction } from "./sql-database.ts";
import { StoreStartupError } from "./sqlite-database.ts";

interface NativeClient {
  connectSync(url: string): void;
  querySync(text: string, values?: Array<string | null>): Array<Record<string, unknown>>;
  prepareSync(name: string, text: string, nParams: number): void;
  executeSync(name: string, values: Array<string | null>): Array<Record<string, unknown>>;
  end(): void;
  pq: { cmdTuples(): string };
}

type NativeClientClass = new (config: { types: { getTypeParser(oid: number): (value: string) => unknown } }) => NativeClient;

const OID = { bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, float4: 700, float8: 701, numeric: 1700 } as const;

/** Integers come back as numbers (ids and times fit), byte strings as Buffers: what better-sqlite3 gives. */
function parserFor(oid: number): (value: string) => unknown {
  switch (oid) {
    case OID.int8: case OID.int2: case OID.int4: case OID.float4: case OID.float8: case OID.numeric:
      return Number;
    case OID.bytea:
      return (v) => Buffer.from(v.slice(2), "hex");
    case OID.bool:
      return (v) => (v === "t" ? 1 : 0);
    default:
      return (v) => v;
  }
}

function toParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
  return String(value);
}

function loadClient(): NativeClientClass {
  try {
    return createRequire(import.meta.url)("pg-native") as NativeClientClass;
  } catch (err) {
    throw new StoreStartupError(`DATABASE_URL names PostgreSQL, but pg-native is not installed (it needs Debian's libpq-dev to build): ${(err as Error).message}`);
  }
}

/**
 * libpq's binding closes its socket watcher asynchronously, but lets the
 * connection object (which holds the watcher) be collected at once: a garbage
 * collection before libuv runs the close aborts the process. Hold closed
 * clients for a while.
 */
const closing = new Set<NativeClient>();
function keepUntilClosed(client: NativeClient): void {
  closing.add(client);
  setTimeout(() => closing.delete(client), 1000).unref();
}

/** libpq's words for a connection that is gone (the server restarted, failed over, or ended the session). */
const CONNECTION_LOST = /server closed the connection|no connection to the server|terminating connection|could not (receive|send) data|connection to server .* failed|SSL SYSCALL error/i;

export const isConnectionLost = (err: unknown) => CONNECTION_LOST.test((err as Error)?.message ?? "");

function connect(Client: NativeClientClass, url: string): NativeClient {
  const client = new Client({ types: { getTypeParser: parserFor } });
  client.connectSync(url);
  // "already exists, skipping" notices of the idempotent schema steps are not news.
  client.querySync("SET client_min_messages TO warning");
  return client;
}

/**
 * A lost connection is opened again: a read or a BEGIN outside a transaction
 * is retried once on the new one (a write is not: it may have been made); a transaction that was cut fails whole (the
 * group commit then drops its documents and their clients resend), and the
 * next statement reconnects.
 */
export function openPostgresDatabase(url: string): SqlDatabase {
  const Client = loadClient();
  let client: NativeClient;
  try {
    client = connect(Client, url);
  } catch (err) {
    throw new StoreStartupError(`Cannot connect to PostgreSQL: ${(err as Error).message}`);
  }
  const keyed: KeyedTables = new Map();
  /** Prepared statements belong to one connection: forgotten when it is replaced. */
  let prepared = new Map<string, { name: string; text: string; key: string | null }>();
  let depth = 0;
  let lost = false;

  function reconnect(): void {
    const old = client;
    client = connect(Client, url);
    prepared = new Map();
    lost = false;
    try {
      old.end();
    } catch {
      // already gone
    }
    keepUntilClosed(old);
  }

  /**
   * Runs one call on the connection, reconnecting first when the last one was lost. Only a
   * call that changes nothing is retried: a cut write may have been made before the cut.
   */
  function onConnection<T>(call: () => T, retryable: boolean): T {
    if (lost && depth === 0) reconnect();
    try {
      return call();
    } catch (err) {
      if (!isConnectionLost(err)) throw err;
      lost = true;
      if (depth > 0 || !retryable) throw err;
      reconnect();
      return call();
    }
  }

  function statementFor(sql: string) {
    let s = prepared.get(sql);
    if (!s) {
      const { text, params } = translateQuery(sql);
      const key = insertedKey(sql, keyed);
      const full = key ? `${text} RETURNING ${key} AS inserted_key` : text;
      s = { name: `s${prepared.size + 1}`, text: full, key };
      client.prepareSync(s.name, full, params);
      prepared.set(sql, s);
    }
    return s;
  }

  function execute(sql: string, params: unknown[]) {
    return onConnection(() => {
      const s = statementFor(sql);
      const rows = client.executeSync(s.name, params.map(toParam));
      return { rows, s };
    }, /^\s*SELECT\b/i.test(sql));
  }

  function undo(savepoint: string | null, err: unknown): void {
    // On a lost connection there is nothing to roll back: the server ended the transaction.
    if (lost || isConnectionLost(err)) {
      lost = true;
      return;
    }
    client.querySync(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : "ROLLBACK");
  }

  function transaction<F extends (...args: any[]) => unknown>(fn: F): SqlTransaction<F> {
    const run = (...args: Parameters<F>): ReturnType<F> => {
      const savepoint = depth > 0 ? `sp${depth}` : null;
      if (savepoint) client.querySync(`SAVEPOINT ${savepoint}`);
      else onConnection(() => client.querySync("BEGIN"), true);
      depth++;
      let result: ReturnType<F>;
      try {
        result = fn(...args) as ReturnType<F>;
      } catch (err) {
        depth--;
        undo(savepoint, err);
        throw err;
      }
      depth--;
      try {
        client.querySync(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : "COMMIT");
      } catch (err) {
        // A COMMIT refused (a deferred check) has already rolled back; a lost connection has nothing left to undo.
        if (savepoint) undo(savepoint, err);
        else if (isConnectionLost(err)) lost = true;
        throw err;
      }
      return result;
    };
    return Object.assign(run, { immediate: run }) as unknown as SqlTransaction<F>;
  }

  const db: SqlDatabase = {
    dialect: "postgres",
    prepare<P extends unknown[] | {} = unknown[], R = unknown>(sql: string) {
      type Params = P extends unknown[] ? P : [P];
      const statement: SqlStatement<Params, R> = {
        get: (...params: Params) => execute(sql, params).rows[0] as R | undefined,
        all: (...params: Params) => execute(sql, params).rows as R[],
        run: (...params: Params): RunResult => {
          const { rows, s } = execute(sql, params);
          const changes = Number(client.pq.cmdTuples() || 0);
          return { changes, lastInsertRowid: s.key && rows[0] ? Number(rows[0].inserted_key) : 0 };
        },
        iterate: (...params: Params) => (execute(sql, params).rows as R[])[Symbol.iterator](),
      };
      return statement as P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R>;
    },
    transaction,
    exec: (sql: string) => onConnection(() => client.querySync(sql), false),
    close: () => {
      client.end();
      keepUntilClosed(client);
    },
  };
  migrate(client, keyed);
  return db;
}

/** The same migrations as SQLite, in order, each in its own transaction; the version is kept in a table of its own. */
function migrate(client: NativeClient, keyed: KeyedTables): void {
  client.querySync("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
  // Several nodes may start at once: one migrates, the others wait for it.
  client.querySync("BEGIN");
  try {
    client.querySync("LOCK TABLE schema_version IN EXCLUSIVE MODE");
    const row = client.querySync("SELECT version FROM schema_version")[0];
    const version = row ? Number(row.version) : 0;
    if (!row) client.querySync("INSERT INTO schema_version (version) VALUES (0)");
    MIGRATIONS.forEach((sqlite, v) => {
      const translated = translateMigration(POSTGRES_MIGRATIONS[v] ?? sqlite, keyed);
      if (v >= version) client.querySync(translated);
    });
    client.querySync("UPDATE schema_version SET version = $1", [String(MIGRATIONS.length)]);
    client.querySync("COMMIT");
  } catch (err) {
    client.querySync("ROLLBACK");
    throw new StoreStartupError(`PostgreSQL migration failed: ${(err as Error).message}`);
  }
}
