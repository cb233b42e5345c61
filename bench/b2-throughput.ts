/**
 * B2: sustained validated edits per second: 100 teachers each typing into
 * their own page (100 pages) against one server process, open loop, offered
 * above the target; then the same clients against a plain y-protocols relay
 * (bench/plain-relay.ts) in the same run. Throughput is edits the server
 * accepted and committed (audit rows) per second of a steady window; cost is
 * the server process's CPU seconds per edit (/proc), against the relay's.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { removeDataDir } from "../test/support/server-process.ts";
import { prepareSchool, startBenchServer } from "./bench-server.ts";
import { merge, startWorkers, type Worker } from "./workers.ts";
import { fmt, percentile, processUsage, sleep, summary } from "./stats.ts";
import type { WorkerConfig } from "./client-worker.ts";
import type { BenchResult } from "./run.ts";

const WRITER_PROCESSES = 4;
/** 100 writers x 30 = the target, 3,000 edits/s offered. */
const RATE_PER_WRITER = 30;

interface Window {
  edits: number;
  seconds: number;
  cpuSeconds: number;
  /** Edits in each second of the window. */
  perSecond: number[];
}

async function measure(workers: Worker[], pid: number, count: () => Promise<number>, warmupMs: number, windowMs: number): Promise<Window> {
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.write();
  await sleep(warmupMs);
  const a = { n: await count(), cpu: processUsage(pid).cpuSeconds, t: performance.now() };
  const perSecond: number[] = [];
  let last = a;
  while (performance.now() - a.t < windowMs - 500) {
    await sleep(1000 - ((performance.now() - a.t) % 1000));
    const now = { n: await count(), cpu: 0, t: performance.now() };
    perSecond.push(((now.n - last.n) * 1000) / (now.t - last.t));
    last = now;
  }
  const z = { n: await count(), cpu: processUsage(pid).cpuSeconds, t: performance.now() };
  return { edits: z.n - a.n, seconds: (z.t - a.t) / 1000, cpuSeconds: z.cpu - a.cpu, perSecond };
}

export async function benchThroughput(quick: boolean): Promise<BenchResult> {
  const warmupMs = quick ? 2000 : 4000;
  const windowMs = quick ? 5000 : 15_000;
  // 100 pages (quick: 40), a writer on each.
  const classes = quick ? 8 : 20;
  const prepared = await prepareSchool({ classes, studentsPerClass: 30, teachers: classes, prewarmMarks: 0.6 });
  const b = await startBenchServer(prepared);
  const dbFile = join(b.dataDir, "journal.sqlite");
  const docs: WorkerConfig["docs"] = b.school.pages.slice(0, 100).map((p) => ({
    cookie: b.school.teachers.find((t) => t.userId === p.teacherId)!.cookie, name: `journal/${p.id}`, kind: "journal", author: p.teacherId,
  }));
  const cfg = (url: string): WorkerConfig => ({ url, clockOffset: b.clockOffset, today: b.today, windowDays: b.windowDays, docs, rate: RATE_PER_WRITER, awareness: true });

  // The real server.
  const reader = new Database(dbFile, { readonly: true });
  const accepted = reader.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE decision = 'accepted'");
  let ours: Window;
  let oursClients;
  let rejected = 0;
  try {
    const workers = startWorkers(cfg(b.server.url), WRITER_PROCESSES);
    ours = await measure(workers, b.server.pid, async () => (accepted.get() as { n: number }).n, warmupMs, windowMs);
    oursClients = merge(await Promise.all(workers.map((w) => w.stop())));
    rejected = (reader.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE decision <> 'accepted'").get() as { n: number }).n;
  } finally {
    reader.close();
    await b.server.stop();
  }

  // The plain relay, starting from the pages as the server stored them.
  const relay = spawn(process.execPath, ["--import", "tsx", "bench/plain-relay.ts"], {
    cwd: resolve(import.meta.dirname, ".."), env: { ...process.env, SEED_DB: dbFile }, stdio: ["pipe", "pipe", "inherit"],
  });
  let plain: Window;
  let relayClients;
  try {
    let out = "";
    const lines: Array<(line: string) => void> = [];
    relay.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      let nl: number;
      while ((nl = out.indexOf("\n")) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        lines.shift()?.(line);
      }
    });
    const nextLine = () => new Promise<string>((ok) => lines.push(ok));
    const relayUrl = /listening on (\S+)/.exec(await nextLine())![1]!;
    const count = async () => {
      const line = nextLine();
      relay.stdin!.write("count\n");
      return Number((JSON.parse(await line) as { relayed: number }).relayed);
    };
    const workers = startWorkers(cfg(relayUrl), WRITER_PROCESSES);
    plain = await measure(workers, relay.pid!, count, warmupMs, windowMs);
    relayClients = merge(await Promise.all(workers.map((w) => w.stop())));
  } finally {
    relay.kill("SIGTERM");
    removeDataDir(b.dataDir);
  }

  const oursRate = ours.edits / ours.seconds;
  const plainRate = plain.edits / plain.seconds;
  const oursCost = ours.cpuSeconds / Math.max(1, ours.edits);
  const plainCost = plain.cpuSeconds / Math.max(1, plain.edits);
  const ratio = oursCost / plainCost;
  const offered = docs.length * RATE_PER_WRITER;
  return {
    id: "B2",
    title: `sustained validated edits per second, ${docs.length} writers on ${docs.length} pages, one server process`,
    rows: [
      { measure: `server: edits validated, committed and broadcast per second, mean over the window (offered ${offered}/s)`, n: ours.edits, median: fmt(oursRate, 0), unit: "edits/s", target: quick ? "(quick: offered < 3000/s)" : ">= 3000/s", verdict: oursRate >= 3000 ? "pass" : "miss" },
      { measure: "… per second of the window: median; in the p95 and p99 columns the 5th and 1st percentile (the slow seconds)", n: ours.perSecond.length, median: fmt(summary(ours.perSecond).median, 0), p95: fmt(percentile(ours.perSecond, 5), 0), p99: fmt(percentile(ours.perSecond, 1), 0), unit: "edits/s", target: "", verdict: "info" },
      { measure: "plain y-protocols relay, same clients, same offered load, mean", n: plain.edits, median: fmt(plainRate, 0), unit: "edits/s", target: "baseline", verdict: "info" },
      { measure: `server CPU while measured: ours ${fmt((ours.cpuSeconds / ours.seconds) * 100, 0)} % of a core, relay ${fmt((plain.cpuSeconds / plain.seconds) * 100, 0)} %`, median: "", unit: "", target: "", verdict: "info" },
      { measure: "CPU per edit, server", median: fmt(oursCost * 1e6, 0), unit: "µs", target: "", verdict: "info" },
      { measure: "CPU per edit, relay", median: fmt(plainCost * 1e6, 0), unit: "µs", target: "", verdict: "info" },
      { measure: "cost per edit, server / relay", median: fmt(ratio, 2), unit: "×", target: "<= 1.5×", verdict: ratio <= 1.5 ? "pass" : "miss" },
    ],
    notes: [
      `Window ${fmt(ours.seconds)} s (server) and ${fmt(plain.seconds)} s (relay) after ${warmupMs / 1000} s of warm-up; ${WRITER_PROCESSES} client processes of ${docs.length / WRITER_PROCESSES} writers, each typing ${RATE_PER_WRITER} marks/s into its own page (open loop).`,
      `Server: ${oursClients.written} marks typed, ${rejected} audit rows not accepted, ${oursClients.refused} refusals, ${oursClients.closes} sockets closed; relay: ${relayClients.written} typed, ${relayClients.closes} closed.`,
      "Per accepted edit the server applies the update through the guard, runs the rules, projects the student's diary, and stores update + audit row + diary update (WAL, synchronous=FULL; the edits of one event-loop turn, at most 200 or 20 ms of them, share one transaction and one fsync) before it broadcasts; the relay only applies and forwards.",
      "CPU per edit leaves out time spent waiting for fsync; throughput includes it. When the server cannot keep up, it is measured at its own saturation while the relay carries the whole offered load. The client processes share the same 2 cores.",
    ],
  };
}
