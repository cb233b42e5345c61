/**
 * B2: sustained validated edits per second: 100 teachers each typing into
 * their own page (100 pages) against one server process, open loop, at the
 * target; and the same load against a plain y-protocols relay
 * (bench/plain-relay.ts). Both run side by side and take turns: the clients
 * of one type while the other's pause, window after window, so a busy
 * moment of this shared machine falls on both alike. Throughput is edits the
 * server accepted and committed (audit rows) per second of its windows; cost
 * is each process's CPU seconds (/proc, all threads) per edit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { prepareSchool, startBenchServer } from "./bench-server.ts";
import { merge, onLines, startWorkers, type Worker } from "./workers.ts";
import { fmt, percentile, processUsage, sleep, summary } from "./stats.ts";
import type { WorkerConfig } from "./client-worker.ts";
import type { BenchResult } from "./run.ts";

const WRITER_PROCESSES = 4;
/** 100 writers x 33: 3,300 edits/s offered, a tenth above the target, so a server that keeps up shows it. */
const RATE_PER_WRITER = 33;
/** After a window, what is still in flight is left to finish before the other side types. */
const DRAIN_MS = 750;

interface Side {
  workers: Worker[];
  pid: number;
  count(): Promise<number>;
}

interface Totals {
  edits: number;
  seconds: number;
  user: number;
  system: number;
  /** Edits in each second of the windows. */
  perSecond: number[];
}

const emptyTotals = (): Totals => ({ edits: 0, seconds: 0, user: 0, system: 0, perSecond: [] });

/** One window: the side's clients type for `ms`, then pause. */
async function window(side: Side, ms: number, into: Totals): Promise<void> {
  const u0 = processUsage(side.pid);
  const a = { n: await side.count(), t: performance.now() };
  for (const w of side.workers) w.resume();
  let last = a;
  while (performance.now() - a.t < ms - 500) {
    await sleep(1000 - ((performance.now() - a.t) % 1000));
    const now = { n: await side.count(), t: performance.now() };
    into.perSecond.push(((now.n - last.n) * 1000) / (now.t - last.t));
    last = now;
  }
  await sleep(Math.max(0, ms - (performance.now() - a.t)));
  for (const w of side.workers) w.pause();
  const z = { n: await side.count(), t: performance.now() };
  const u1 = processUsage(side.pid);
  into.edits += z.n - a.n;
  into.seconds += (z.t - a.t) / 1000;
  into.user += u1.userSeconds - u0.userSeconds;
  into.system += u1.systemSeconds - u0.systemSeconds;
  await sleep(DRAIN_MS);
}

/** The relay in its own process; it answers "count" on stdin with the updates it applied. */
function startRelay(seedDb: string): { child: ChildProcess; url: Promise<string>; count(): Promise<number> } {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/plain-relay.ts"], {
    cwd: resolve(import.meta.dirname, ".."), env: { ...process.env, SEED_DB: seedDb }, stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: Array<(line: string) => void> = [];
  onLines(child.stdout!, (line) => lines.shift()?.(line));
  const nextLine = () => new Promise<string>((ok) => lines.push(ok));
  return {
    child,
    url: nextLine().then((line) => /listening on (\S+)/.exec(line)![1]!),
    async count() {
      const line = nextLine();
      child.stdin!.write("count\n");
      return Number((JSON.parse(await line) as { relayed: number }).relayed);
    },
  };
}

export async function benchThroughput(quick: boolean): Promise<BenchResult> {
  const warmupMs = quick ? 2000 : 4000;
  // Four windows of 5 s per side after the warm-up: 24 s of typing, about 800 marks per page, so
  // each page is compacted twice (every 300 updates) within the windows, as in steady use.
  const rounds = quick ? 2 : 4;
  const windowMs = quick ? 2500 : 5000;
  // 100 pages (quick: 40), a writer on each.
  const classes = quick ? 8 : 20;
  const prepared = await prepareSchool({ classes, studentsPerClass: 30, teachers: classes, prewarmMarks: 0.6 });
  const b = await startBenchServer(prepared);
  const dbFile = join(b.dataDir, "journal.sqlite");
  const docs: WorkerConfig["docs"] = b.school.pages.slice(0, 100).map((p) => ({
    cookie: b.school.teachers.find((t) => t.userId === p.teacherId)!.cookie, name: `journal/${p.id}`, kind: "journal", author: p.teacherId,
  }));
  const cfg = (url: string): WorkerConfig => ({ url, clockOffset: b.clockOffset, today: b.today, windowDays: b.windowDays, docs, rate: RATE_PER_WRITER, awareness: true });

  // The relay starts from the pages as the server stored them before the run.
  const relay = startRelay(dbFile);
  const reader = new Database(dbFile, { readonly: true });
  const accepted = reader.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE decision = 'accepted'");
  const ours: Side = { workers: startWorkers(cfg(b.server.url), WRITER_PROCESSES), pid: b.server.pid, count: async () => (accepted.get() as { n: number }).n };
  const plain: Side = { workers: startWorkers(cfg(await relay.url), WRITER_PROCESSES), pid: relay.child.pid!, count: relay.count };
  const o = emptyTotals();
  const p = emptyTotals();
  let oursClients;
  let relayClients;
  let rejected = 0;
  try {
    await Promise.all([...ours.workers, ...plain.workers].map((w) => w.ready));
    for (const side of [ours, plain]) for (const w of side.workers) w.write();
    for (const w of plain.workers) w.pause();
    await sleep(warmupMs);
    for (const w of ours.workers) w.pause();
    for (const w of plain.workers) w.resume();
    await sleep(warmupMs);
    for (const w of plain.workers) w.pause();
    await sleep(DRAIN_MS);
    for (let r = 0; r < rounds; r++) {
      await window(ours, windowMs, o);
      await window(plain, windowMs, p);
    }
    oursClients = merge(await Promise.all(ours.workers.map((w) => w.stop())));
    relayClients = merge(await Promise.all(plain.workers.map((w) => w.stop())));
    rejected = (reader.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE decision <> 'accepted'").get() as { n: number }).n;
  } finally {
    reader.close();
    relay.child.kill("SIGTERM");
    await b.dispose();
  }

  const oursRate = o.edits / o.seconds;
  const plainRate = p.edits / p.seconds;
  const perEdit = (t: Totals, part: number) => (part / Math.max(1, t.edits)) * 1e6;
  const oursCost = perEdit(o, o.user + o.system);
  const plainCost = perEdit(p, p.user + p.system);
  const ratio = oursCost / plainCost;
  const offered = docs.length * RATE_PER_WRITER;
  const split = (t: Totals) => `${fmt(perEdit(t, t.user), 0)} user + ${fmt(perEdit(t, t.system), 0)} system`;
  return {
    id: "B2",
    title: `sustained validated edits per second, ${docs.length} writers on ${docs.length} pages, one server process`,
    rows: [
      { measure: `server: edits validated, committed and broadcast per second, mean over its windows (offered ${offered}/s)`, n: o.edits, median: fmt(oursRate, 0), unit: "edits/s", target: quick ? "(quick: offered < 3000/s)" : ">= 3000/s", verdict: quick ? "info" : oursRate >= 3000 ? "pass" : "miss" },
      { measure: "… per second of the windows: median; in the p95 and p99 columns the 5th and 1st percentile (the slow seconds)", n: o.perSecond.length, median: fmt(summary(o.perSecond).median, 0), p95: fmt(percentile(o.perSecond, 5), 0), p99: fmt(percentile(o.perSecond, 1), 0), unit: "edits/s", target: "", verdict: "info" },
      { measure: "plain y-protocols relay, same clients, same offered load, mean over its windows", n: p.edits, median: fmt(plainRate, 0), unit: "edits/s", target: "baseline", verdict: "info" },
      { measure: `server process CPU while typing: ours ${fmt(((o.user + o.system) / o.seconds) * 100, 0)} % of a core, relay ${fmt(((p.user + p.system) / p.seconds) * 100, 0)} %`, median: "", unit: "", target: "", verdict: "info" },
      { measure: `CPU per edit, server (${split(o)})`, median: fmt(oursCost, 0), unit: "µs", target: "", verdict: "info" },
      { measure: `CPU per edit, relay (${split(p)})`, median: fmt(plainCost, 0), unit: "µs", target: "", verdict: "info" },
      { measure: "cost per edit, server / relay", median: fmt(ratio, 2), unit: "×", target: "<= 1.5×", verdict: quick ? "info" : ratio <= 1.5 ? "pass" : "miss" },
    ],
    notes: [
      `${rounds} windows of ${windowMs / 1000} s per side, taking turns (${fmt(o.seconds)} s server, ${fmt(p.seconds)} s relay), after ${warmupMs / 1000} s of warm-up each; ${WRITER_PROCESSES} client processes of ${docs.length / WRITER_PROCESSES} writers per side, each writer typing ${RATE_PER_WRITER} marks/s into its own page (open loop), presence on.`,
      `Server: ${oursClients.written} marks typed, ${rejected} audit rows not accepted, ${oursClients.refused} refusals, ${oursClients.closes} sockets closed; relay: ${relayClients.written} typed, ${relayClients.closes} closed.`,
      "Per accepted edit the server applies the update through the guard, runs the rules, projects the student's diary, and stores update + audit row + diary update (WAL, synchronous=FULL; the edits of one event-loop turn, at most 200 or 20 ms of them, share one transaction and one fsync) before it broadcasts; the relay only applies and forwards." + (quick ? "" : " Each page is compacted twice (every 300 updates) within the server's windows."),
      "CPU per edit counts every thread of the process (garbage collection, SQLite's writes and fsync calls) but not time spent waiting for the disk; throughput includes that wait. The client processes share the same 2 cores.",
    ],
  };
}
