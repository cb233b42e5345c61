/**
 * B8 (issue 10): B2's load, first on one server process, then on two nodes
 * of a cluster (Redis leases and forwarding, one shared store), in the same
 * run. Clients reach a node by a hash of their page, as a reverse proxy
 * sticky by document would send them, so about half of them land on the node
 * that does not own their class and are forwarded. Throughput is accepted
 * edits per second (audit rows); cost is the CPU of all server processes per
 * accepted edit.
 */
import { removeDataDir, startServer, TEST_NOW, TEST_TODAY, type ServerProcess } from "../test/support/server-process.ts";
import { REDIS_BINARY, startRedis } from "../test/support/redis-server.ts";
import { openStore } from "../test/support/store.ts";
import { prepareSchool } from "./bench-server.ts";
import { merge, startWorkers, type Worker } from "./workers.ts";
import { fmt, processUsage, sleep } from "./stats.ts";
import type { WorkerConfig } from "./client-worker.ts";
import type { BenchResult } from "./run.ts";
import { BENCH_EDIT_WINDOW_DAYS } from "./seed-large-school.ts";

const RATE_PER_WRITER = 30;
const PROCESSES_PER_NODE = 2;

interface Window {
  edits: number;
  seconds: number;
  cpuSeconds: number;
}

async function measure(workers: Worker[], servers: ServerProcess[], count: () => number, warmupMs: number, windowMs: number): Promise<Window> {
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.write();
  await sleep(warmupMs);
  const cpu = () => servers.reduce((sum, s) => sum + processUsage(s.pid).cpuSeconds, 0);
  const a = { n: count(), cpu: cpu(), t: performance.now() };
  await sleep(windowMs);
  const z = { n: count(), cpu: cpu(), t: performance.now() };
  return { edits: z.n - a.n, seconds: (z.t - a.t) / 1000, cpuSeconds: z.cpu - a.cpu };
}

export async function benchTwoNodes(quick: boolean): Promise<BenchResult> {
  if (!REDIS_BINARY) {
    return { id: "B8", title: "B2 on two nodes vs one", rows: [], notes: ["Skipped: Debian's redis-server is not installed (apt-get install -y redis-server)."] };
  }
  const warmupMs = quick ? 2000 : 4000;
  const windowMs = quick ? 5000 : 15_000;
  const classes = quick ? 8 : 20;
  const clockOffset = Date.parse(TEST_NOW) - Date.now();
  const serverEnv = () => ({ JOURNAL_NOW: new Date(Date.now() + clockOffset).toISOString() });

  async function run(nodes: number): Promise<{ window: Window; written: number; closes: number; log: string }> {
    const prepared = await prepareSchool({ classes, studentsPerClass: 30, teachers: classes, prewarmMarks: 0.6 });
    const redis = nodes > 1 ? await startRedis() : null;
    const servers: ServerProcess[] = [];
    try {
      for (let i = 0; i < nodes; i++) {
        const cluster: Record<string, string> = redis ? { REDIS_URL: redis.url, NODE_ID: `node${i}` } : {};
        servers.push(await startServer(prepared.dataDir, { ...serverEnv(), ...cluster }));
      }
      const docs: WorkerConfig["docs"] = prepared.school.pages.slice(0, 100).map((p) => ({
        cookie: prepared.school.teachers.find((t) => t.userId === p.teacherId)!.cookie, name: `journal/${p.id}`, kind: "journal", author: p.teacherId,
      }));
      // A proxy sticky by document: page n goes to node n mod N.
      const workers = servers.flatMap((s, i) => startWorkers({
        url: s.url, clockOffset, today: TEST_TODAY, windowDays: BENCH_EDIT_WINDOW_DAYS, rate: RATE_PER_WRITER, awareness: true,
        docs: docs.filter((_d, k) => k % servers.length === i),
      }, PROCESSES_PER_NODE));
      const store = openStore({ dataDir: prepared.dataDir, databaseUrl: null }, { readonly: true });
      const accepted = store.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE decision = 'accepted'");
      try {
        const window = await measure(workers, servers, () => (accepted.get() as { n: number }).n, warmupMs, windowMs);
        const clients = merge(await Promise.all(workers.map((w) => w.stop())));
        const log = servers.map((s) => s.output()).join("\n");
        return { window, written: clients.written, closes: clients.closes, log };
      } finally {
        store.close();
      }
    } finally {
      for (const s of servers) await s.stop();
      await redis?.stop();
      removeDataDir(prepared.dataDir);
    }
  }

  const one = await run(1);
  const two = await run(2);
  const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
  const rate = (w: Window) => w.edits / w.seconds;
  const cost = (w: Window) => (w.cpuSeconds / Math.max(1, w.edits)) * 1e6;
  const offered = Math.min(100, classes * 5) * RATE_PER_WRITER;
  return {
    id: "B8",
    title: "B2's load on two nodes of a cluster vs one server process (issue 10)",
    rows: [
      { measure: `one node: accepted edits per second (offered ${offered}/s)`, n: one.window.edits, median: fmt(rate(one.window), 0), unit: "edits/s", target: "baseline", verdict: "info" },
      { measure: "two nodes (Redis, shared SQLite file): accepted edits per second", n: two.window.edits, median: fmt(rate(two.window), 0), unit: "edits/s", target: "", verdict: "info" },
      { measure: "throughput, two nodes / one", median: fmt(rate(two.window) / rate(one.window), 2), unit: "×", target: "reported", verdict: "info" },
      { measure: "CPU per accepted edit, one node", median: fmt(cost(one.window), 0), unit: "µs", target: "", verdict: "info" },
      { measure: "CPU per accepted edit, two nodes (both processes)", median: fmt(cost(two.window), 0), unit: "µs", target: "", verdict: "info" },
    ],
    notes: [
      `Window ${fmt(one.window.seconds)} s each after ${warmupMs / 1000} s of warm-up; ${PROCESSES_PER_NODE} client processes per node; ${one.written} / ${two.written} marks typed, ${one.closes} / ${two.closes} sockets closed (one node / two).`,
      `Two nodes' logs: ${count(two.log, /lease on .* lost/g)} leases lost, ${count(two.log, /failed/g)} failures (${[...new Set(two.log.split("\n").filter((l) => /failed|lost/.test(l)).map((l) => l.slice(0, 80)))].slice(0, 3).join("; ") || "none"}).`,
      "Clients pick a node by their page, so about half are forwarded to the node owning their class (one Redis pub/sub hop each way).",
      "Both nodes, their clients and Redis share this machine's 2 cores, and both nodes write one SQLite file: the figure shows the cost of the cluster's machinery, not the capacity of two machines.",
    ],
  };
}
