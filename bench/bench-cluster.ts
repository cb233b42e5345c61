/**
 * Issue 10's benches: a seeded school served by one or more server processes.
 * With several, they are nodes of a cluster (a real redis-server on loopback)
 * sharing one store; with PostgreSQL installed the store is a fresh database
 * on a real PostgreSQL (the deployment docs/deploy.md describes), else the
 * data directory's SQLite file. Clients pick a node as a reverse proxy sticky
 * by document would: by a hash of the document's name.
 */
import { removeDataDir, startServer, TEST_NOW, type ServerProcess } from "../test/support/server-process.ts";
import { POSTGRES_AVAILABLE, startPostgres, type PostgresProcess } from "../test/support/postgres-server.ts";
import { REDIS_BINARY, startRedis, type RedisProcess } from "../test/support/redis-server.ts";
import { prepareSchool, type BenchSchoolOptions } from "./bench-server.ts";
import { processUsage } from "./stats.ts";
import type { BenchSchool } from "./seed-large-school.ts";

export const CLUSTER_BENCH_SKIPPED = REDIS_BINARY ? null : "Skipped: Debian's redis-server is not installed (apt-get install -y redis-server).";

export interface BenchCluster {
  servers: ServerProcess[];
  school: BenchSchool;
  /** Add to Date.now() for the servers' clock. */
  clockOffset: number;
  /** CPU seconds and RSS (MiB) of all server processes together. */
  usage(): { cpuSeconds: number; rssMiB: number };
  /** CPU seconds of each server process. */
  cpuEach(): number[];
  /** The node a client of this document reaches. */
  urlOf(docName: string): string;
  dispose(): Promise<void>;
}

/** FNV-1a of the document's name: what `hash $uri consistent` in the nginx example amounts to. */
export function nodeOfDocument(docName: string, nodes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < docName.length; i++) h = Math.imul(h ^ docName.charCodeAt(i), 0x01000193) >>> 0;
  return h % nodes;
}

/** One PostgreSQL for a bench's runs, when installed; each run gets a database of its own. */
export async function benchPostgres(): Promise<PostgresProcess | null> {
  return POSTGRES_AVAILABLE ? startPostgres() : null;
}

export async function startBenchCluster(nodes: number, plan: BenchSchoolOptions, pg: PostgresProcess | null): Promise<BenchCluster> {
  const databaseUrl = pg?.createDatabase();
  const prepared = await prepareSchool({ ...plan, ...(databaseUrl ? { databaseUrl } : {}) });
  const clockOffset = Date.parse(TEST_NOW) - Date.now();
  const redis: RedisProcess | null = nodes > 1 ? await startRedis() : null;
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < nodes; i++) {
      servers.push(await startServer(prepared.dataDir, {
        JOURNAL_NOW: new Date(Date.now() + clockOffset).toISOString(),
        ...(redis ? { REDIS_URL: redis.url, NODE_ID: `node${i}` } : {}),
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      }));
    }
  } catch (err) {
    for (const s of servers) await s.stop();
    await redis?.stop();
    throw err;
  }
  return {
    servers,
    school: prepared.school,
    clockOffset,
    usage() {
      const each = servers.map((s) => processUsage(s.pid));
      return { cpuSeconds: each.reduce((n, u) => n + u.cpuSeconds, 0), rssMiB: each.reduce((n, u) => n + u.rssMiB, 0) };
    },
    cpuEach: () => servers.map((s) => processUsage(s.pid).cpuSeconds),
    urlOf: (docName) => servers[nodeOfDocument(docName, servers.length)]!.url,
    async dispose() {
      for (const s of servers) await s.stop();
      await redis?.stop();
      removeDataDir(prepared.dataDir);
    },
  };
}

export const storeName = (pg: PostgresProcess | null) => (pg ? "PostgreSQL" : "one SQLite file");
