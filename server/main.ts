/**
 * `npm start`: the whole app in one process. PORT (8080), DATA_DIR (./data), HOST (0.0.0.0).
 * DATABASE_URL=postgres://... keeps everything in PostgreSQL instead of DATA_DIR's SQLite file.
 * With REDIS_URL, one node of a cluster sharing that store (NODE_ID, CLUSTER_PREFIX optional; docs/deploy.md).
 * UPDATE_CHECK_SECONDS: how often open tabs look for a new build (300).
 */
import { startJournalServer } from "./create-server.ts";
import { DEMO_PASSWORD } from "./seed/demo-school.ts";
import { StoreStartupError } from "./storage/sqlite-database.ts";

const port = Number(process.env.PORT ?? 8080);
const dataDir = process.env.DATA_DIR ?? "data";

try {
  const redisUrl = process.env.REDIS_URL;
  const leaseMs = Number(process.env.CLUSTER_LEASE_MS ?? 10_000);
  const cluster = redisUrl
    ? { redisUrl, nodeId: process.env.NODE_ID || undefined, prefix: process.env.CLUSTER_PREFIX || undefined, timings: { leaseMs, renewMs: Math.max(100, Math.round(leaseMs / 5)) } }
    : undefined;
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const updateCheckSeconds = Number(process.env.UPDATE_CHECK_SECONDS) > 0 ? Number(process.env.UPDATE_CHECK_SECONDS) : undefined;
  const server = await startJournalServer({ port, dataDir, databaseUrl, host: process.env.HOST, cluster, updateCheckSeconds });
  if (server.demoLogins) {
    console.log(`Created the demo school in ${databaseUrl ? "PostgreSQL" : `${dataDir}/journal.sqlite`}. Demo accounts (password «${DEMO_PASSWORD}»):`);
    for (const l of server.demoLogins) console.log(`  ${l.login.padEnd(22)} ${l.who}`);
  }
  // Tests and scripts wait for this exact line.
  console.log(`Журнал listening on ${server.url}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (err) {
  if (err instanceof StoreStartupError) {
    console.error(`Cannot start: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
