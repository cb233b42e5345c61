/**
 * B8 (issue 10): B2's load, first on one server process, then on two nodes
 * of a cluster (Redis leases and forwarding, one shared store), in the same
 * run. Clients reach a node by a hash of their page, as a reverse proxy
 * sticky by document would send them, so about half of them land on the node
 * that does not own their class and are forwarded. Throughput is accepted
 * edits per second (audit rows); cost is the CPU of all server processes per
 * accepted edit.
 */
import { writeFileSync } from "node:fs";
import { TEST_TODAY } from "../test/support/server-process.ts";
import { openStore } from "../test/support/store.ts";
import { benchPostgres, CLUSTER_BENCH_SKIPPED, startBenchCluster, storeName } from "./bench-cluster.ts";
import { merge, startWorkers, type Worker } from "./workers.ts";
import { fmt, sleep } from "./stats.ts";
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

async function measure(workers: Worker[], cpu: () => number, count: () => number, warmupMs: number, windowMs: number): Promise<Window> {
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.write();
  await sleep(warmupMs);
  const a = { n: count(), cpu: cpu(), t: performance.now() };
  await sleep(windowMs);
  const z = { n: count(), cpu: cpu(), t: performance.now() };
  return { edits: z.n - a.n, seconds: (z.t - a.t) / 1000, cpuSeconds: z.cpu - a.cpu };
}

export async function benchTwoNodes(quick: boolean): Promise<BenchResult> {
  if (CLUSTER_BENCH_SKIPPED) return { id: "B8", title: "B2 on two nodes vs one", rows: [], notes: [CLUSTER_BENCH_SKIPPED] };
  const warmupMs = quick ? 2000 : 4000;
  const windowMs = quick ? 5000 : 15_000;
  const classes = quick ? 8 : 20;

  async function run(nodes: number): Promise<{ window: Window; written: number; closes: number; log: string }> {
    const c = await startBenchCluster(nodes, { classes, studentsPerClass: 30, teachers: classes, prewarmMarks: 0.6 }, pg);
    try {
      const docs: WorkerConfig["docs"] = c.school.pages.slice(0, 100).map((p) => ({
        cookie: c.school.teachers.find((t) => t.userId === p.teacherId)!.cookie, name: `journal/${p.id}`, kind: "journal", author: p.teacherId,
      }));
      // A proxy sticky by document; each node's clients in processes of their own.
      const workers = c.servers.flatMap((s) => startWorkers({
        url: s.url, clockOffset: c.clockOffset, today: TEST_TODAY, windowDays: BENCH_EDIT_WINDOW_DAYS, rate: RATE_PER_WRITER, awareness: true,
        docs: docs.filter((d) => c.urlOf(d.name) === s.url),
      }, PROCESSES_PER_NODE));
      const store = openStore({ dataDir: c.school.dataDir, databaseUrl: c.school.databaseUrl }, { readonly: true });
      const accepted = store.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE decision = 'accepted'");
      try {
        const window = await measure(workers, () => c.usage().cpuSeconds, () => (accepted.get() as { n: number }).n, warmupMs, windowMs);
        const clients = merge(await Promise.all(workers.map((w) => w.stop())));
        const log = c.servers.map((s) => s.output()).join("\n");
        if (process.env.BENCH_LOGS) writeFileSync(`${process.env.BENCH_LOGS}.b8.${nodes}`, log);
        return { window, written: clients.written, closes: clients.closes, log };
      } finally {
        store.close();
      }
    } finally {
      await c.dispose();
    }
  }

  const pg = await benchPostgres();
  let one, two;
  try {
    one = await run(1);
    two = await run(2);
  } finally {
    await pg?.stop();
  }
  const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
  const rate = (w: Window) => w.edits / w.seconds;
  const cost = (w: Window) => (w.cpuSeconds / Math.max(1, w.edits)) * 1e6;
  const offered = Math.min(100, classes * 5) * RATE_PER_WRITER;
  return {
    id: "B8",
    title: `B2's load on two nodes of a cluster vs one server process, store: ${storeName(pg)} (issue 10)`,
    rows: [
      { measure: `one node: accepted edits per second (offered ${offered}/s)`, n: one.window.edits, median: fmt(rate(one.window), 0), unit: "edits/s", target: "baseline", verdict: "info" },
      { measure: `two nodes (Redis, ${storeName(pg)}): accepted edits per second`, n: two.window.edits, median: fmt(rate(two.window), 0), unit: "edits/s", target: "", verdict: "info" },
      { measure: "throughput, two nodes / one", median: fmt(rate(two.window) / rate(one.window), 2), unit: "×", target: "reported", verdict: "info" },
      { measure: "CPU per accepted edit, one node", median: fmt(cost(one.window), 0), unit: "µs", target: "", verdict: "info" },
      { measure: "CPU per accepted edit, two nodes (both processes)", median: fmt(cost(two.window), 0), unit: "µs", target: "", verdict: "info" },
    ],
    notes: [
      `Window ${fmt(one.window.seconds)} s each after ${warmupMs / 1000} s of warm-up; ${PROCESSES_PER_NODE} client processes per node; ${one.written} / ${two.written} marks typed, ${one.closes} / ${two.closes} sockets closed (one node / two).`,
      `Two nodes' logs: ${count(two.log, /lease on .* lost/g)} leases lost, ${count(two.log, /failed/g)} failures (${[...new Set(two.log.split("\n").filter((l) => /failed|lost/.test(l)).map((l) => l.slice(0, 80)))].slice(0, 3).join("; ") || "none"}).`,
      "CPU is that of the server nodes only (not Redis's or PostgreSQL's). Clients pick a node by their page, so about half are forwarded to the node owning their class (one Redis pub/sub hop each way).",
      `Both runs use the same store kind (${storeName(pg)}), seeded fresh. Both nodes, their clients, Redis${pg ? " and PostgreSQL" : ""} share this machine's 2 cores${pg ? "" : ", and both nodes write one SQLite file"}: the figure shows the cost of the cluster's machinery, not the capacity of two machines.`,
    ],
  };
}
