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

export function openPostgresDatabase(url: string): SqlDatabase {
  const Client = loadClient();
  const client = new Client({ types: { getTypeParser: parserFor } });
  try {
    client.connectSync(url);
    // "already exists, skipping" notices of the idempotent schema steps are not news.
    client.querySync("SET client_min_messages TO warning");
  } catch (err) {
    throw new StoreStartupError(`Cannot connect to PostgreSQL: ${(err as Error).message}`);
  }
  const keyed: KeyedTables = new Map();
  const prepared = new Map<string, { name: string; text: string; key: string | null }>();
  let depth = 0;

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
    const s = statementFor(sql);
    const rows = client.executeSync(s.name, params.map(toParam));
    return { rows, s };
  }

  function transaction<F extends (...args: any[]) => unknown>(fn: F): SqlTransaction<F> {
    const run = (...args: Parameters<F>): ReturnType<F> => {
      const savepoint = depth > 0 ? `sp${depth}` : null;
      client.querySync(savepoint ? `SAVEPOINT ${savepoint}` : "BEGIN");
      depth++;
      try {
        const result = fn(...args) as ReturnType<F>;
        depth--;
        client.querySync(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : "COMMIT");
        return result;
      } catch (err) {
        depth--;
        client.querySync(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : "ROLLBACK");
        throw err;
      }
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
    exec: (sql: string) => client.querySync(sql),
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
