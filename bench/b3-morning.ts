/**
 * B3: a school's morning. 60 teachers and 1,500 families (each a parent or
 * the student) arrive within a minute and open their documents: a teacher
 * its 5 pages, and as a class teacher its class's other pages; a family its
 * child's diary. Teachers arrive first and type a mark a second each (the
 * cursor in their presence follows) while the families keep arriving;
 * presence is on everywhere. The store starts as a November morning finds
 * it: every page and diary stored, 60 % of the past cells filled.
 * `runMorning` is the same morning on any number of nodes (B9, issue 10).
 */
import { startBenchCluster, type BenchCluster } from "./bench-cluster.ts";
import type { BenchSchoolOptions } from "./bench-server.ts";
import { merge, startWorkers } from "./workers.ts";
import { fmt, processUsage, rssSampler, sleep, summary } from "./stats.ts";
import { createRandom } from "../test/support/random.ts";
import { TEST_TODAY } from "../test/support/server-process.ts";
import { BENCH_EDIT_WINDOW_DAYS } from "./seed-large-school.ts";
import { latencyRow } from "./b1-latency.ts";
import type { WorkerDoc, WorkerResult } from "./client-worker.ts";
import type { BenchResult, Row } from "./run.ts";

const split = (values: number[], at: number[], keep: (at: number) => boolean) => values.filter((_v, i) => keep(at[i]!));
const info = (row: Row): Row => ({ ...row, target: "", verdict: "info" });

export interface MorningPlan {
  school: BenchSchoolOptions;
  teacherArrivalMs: number;
  familyArrivalMs: number;
  steadyMs: number;
}

export function morningPlan(quick: boolean): MorningPlan {
  const classes = quick ? 8 : 60;
  return {
    school: { classes, studentsPerClass: 25, teachers: quick ? 8 : 60, prewarmMarks: 0.6 },
    teacherArrivalMs: quick ? 3000 : 10_000,
    familyArrivalMs: quick ? 8000 : 45_000,
    steadyMs: quick ? 4000 : 15_000,
  };
}

export interface Morning {
  teachers: WorkerResult;
  families: WorkerResult;
  expected: number;
  connected: number;
  teacherDocs: number;
  familyDocs: number;
  /** When everyone was in (epoch ms), and how long after the first arrival. */
  allInAt: number;
  allInSeconds: number;
  peakRssMiB: number;
  rssAllInMiB: number;
  /** RSS of each node with everyone in. */
  rssEachMiB: number[];
  cpuSeconds: number;
  /** CPU seconds of each node over the morning. */
  cpuEach: number[];
  wallSeconds: number;
}

/** The morning's load on a running cluster (one node or several); clients reach nodes by document. */
export async function runMorning(c: BenchCluster, plan: MorningPlan): Promise<Morning> {
  const { school } = c;
  const rnd = createRandom(3);
  const teacherDocs: WorkerDoc[] = [];
  const doc = (d: WorkerDoc): WorkerDoc => ({ ...d, url: c.urlOf(d.name) });
  for (const t of school.teachers) {
    const arrives = rnd.int(plan.teacherArrivalMs);
    const own = new Set(t.pageIds);
    t.pageIds.forEach((pageId, i) => teacherDocs.push(doc({ cookie: t.cookie, name: `journal/${pageId}`, kind: "journal", connectAfterMs: arrives + i * 50, ...(i === 0 ? { author: t.userId } : {}) })));
    const cls = school.classes.find((k) => k.id === t.classId);
    cls?.pageIds.filter((p) => !own.has(p)).forEach((pageId, i) =>
      teacherDocs.push(doc({ cookie: t.cookie, name: `journal/${pageId}`, kind: "journal", observe: true, connectAfterMs: arrives + (t.pageIds.length + i) * 50 })),
    );
  }
  const familyDocs: WorkerDoc[] = school.families.map((f, i) => doc({
    cookie: i % 2 ? f.studentCookie : f.parentCookie, name: `diary/${f.studentId}`, kind: "diary", observe: true, connectAfterMs: rnd.int(plan.familyArrivalMs),
  }));
  const startAt = Date.now() + 4000; // the client processes start first
  const base = { url: c.servers[0]!.url, clockOffset: c.clockOffset, today: TEST_TODAY, windowDays: BENCH_EDIT_WINDOW_DAYS, awareness: true, startAt, connectTimeoutMs: 90_000 };
  const rss = rssSampler(c.servers.map((s) => s.pid));
  const cpu0 = c.usage().cpuSeconds;
  const each0 = c.cpuEach();
  const teachers = startWorkers({ ...base, docs: teacherDocs, rate: 1, cursor: true }, 2);
  const families = startWorkers({ ...base, docs: familyDocs }, 3);
  // Teachers start typing as soon as they are all in; families are still arriving.
  const teachersIn = Promise.all(teachers.map((w) => w.ready)).then((r) => {
    for (const w of teachers) w.write();
    return r;
  });
  const [tReady, fReady] = await Promise.all([teachersIn, Promise.all(families.map((w) => w.ready))]);
  const allInAt = Date.now();
  await sleep(plan.steadyMs);
  const usage = c.usage();
  const rssEachMiB = c.servers.map((s) => processUsage(s.pid).rssMiB);
  const cpuEach = c.cpuEach().map((s, i) => s - each0[i]!);
  const wallSeconds = (Date.now() - startAt) / 1000;
  const t = merge(await Promise.all(teachers.map((w) => w.stop())));
  const f = merge(await Promise.all(families.map((w) => w.stop())));
  return {
    teachers: t,
    families: f,
    expected: teacherDocs.length + familyDocs.length,
    connected: [...tReady, ...fReady].reduce((n, r) => n + r.connected, 0),
    teacherDocs: teacherDocs.length,
    familyDocs: familyDocs.length,
    allInAt,
    allInSeconds: (allInAt - startAt) / 1000,
    peakRssMiB: rss.stop(),
    rssAllInMiB: usage.rssMiB,
    rssEachMiB,
    cpuSeconds: usage.cpuSeconds - cpu0,
    cpuEach,
    wallSeconds,
  };
}

export const morningErrors = (m: Morning) => m.teachers.closes + m.families.closes + m.teachers.refused;

/** Latencies while people arrive and once everyone is in. */
export function morningPhases(m: Morning) {
  const { teachers: t, families: f, allInAt } = m;
  return {
    journalArriving: split(t.latencies.journal, t.seenAt.journal, (at) => at < allInAt),
    journalAllIn: split(t.latencies.journal, t.seenAt.journal, (at) => at >= allInAt),
    diaryArriving: split(f.latencies.diary, f.seenAt.diary, (at) => at < allInAt),
    diaryAllIn: split(f.latencies.diary, f.seenAt.diary, (at) => at >= allInAt),
  };
}

export async function benchMorning(quick: boolean): Promise<BenchResult> {
  const plan = morningPlan(quick);
  const t0 = Date.now();
  const c = await startBenchCluster(1, plan.school, null);
  const prepareSeconds = (Date.now() - t0) / 1000;
  try {
    const m = await runMorning(c, plan);
    const { teachers: t, families: f } = m;
    const errors = morningErrors(m);
    const closeCodes = Object.entries(merge([t, f]).closeCodes).map(([k, v]) => `${k}×${v}`).join(", ") || "none";
    const tc = summary(t.connectMs);
    const fc = summary(f.connectMs);
    const phase = morningPhases(m);
    return {
      id: "B3",
      title: `a school's morning: ${c.school.teachers.length} teachers, ${c.school.families.length} families, presence on`,
      rows: [
        { measure: `connections synced (${m.teacherDocs} teacher pages + ${m.familyDocs} diaries)`, n: m.expected, median: `${m.connected}/${m.expected}`, unit: "", target: "all", verdict: m.connected === m.expected ? "pass" : "miss" },
        { measure: "everyone in, from the first arrival", median: fmt(m.allInSeconds), unit: "s", target: "<= 60 s", verdict: m.allInSeconds <= 60 && m.connected === m.expected ? "pass" : "miss" },
        { measure: `errors: sockets closed (${closeCodes}), marks refused`, median: String(errors), unit: "", target: "0", verdict: errors === 0 ? "pass" : "miss" },
        { measure: "connect to synced, teacher page", n: tc.n, median: fmt(tc.median), p95: fmt(tc.p95), p99: fmt(tc.p99), unit: "ms", target: "", verdict: "info" },
        { measure: "connect to synced, diary", n: fc.n, median: fmt(fc.median), p95: fmt(fc.p95), p99: fmt(fc.p99), unit: "ms", target: "", verdict: "info" },
        { measure: "server RSS, peak (sampled every 0.5 s)", median: fmt(m.peakRssMiB, 0), unit: "MiB", target: "< 1024 MiB", verdict: m.peakRssMiB < 1024 ? "pass" : "miss" },
        { measure: "server RSS with everyone connected", median: fmt(m.rssAllInMiB, 0), unit: "MiB", target: "< 1024 MiB", verdict: m.rssAllInMiB < 1024 ? "pass" : "miss" },
        latencyRow("teacher → class teacher on the same page, whole morning", t.latencies.journal, 50),
        latencyRow("teacher → the student's diary, whole morning", f.latencies.diary, 100),
        info(latencyRow("… teacher → class teacher while people arrive", phase.journalArriving, 50)),
        info(latencyRow("… teacher → class teacher once everyone is in", phase.journalAllIn, 50)),
        info(latencyRow("… teacher → diary while people arrive", phase.diaryArriving, 100)),
        info(latencyRow("… teacher → diary once everyone is in", phase.diaryAllIn, 100)),
      ],
      notes: [
        `Teachers arrive within ${plan.teacherArrivalMs / 1000} s, families within ${plan.familyArrivalMs / 1000} s (uniform), then ${plan.steadyMs / 1000} s more with everyone in. ${t.written} marks typed (1/s per teacher, each at its own moment of the second).`,
        `Server CPU over the morning: ${fmt(m.cpuSeconds)} s in ${fmt(m.wallSeconds)} s (${fmt((m.cpuSeconds / m.wallSeconds) * 100, 0)} % of one core).`,
        `Preparing the store (seed + every page and diary opened once, compacted) and starting the server took ${fmt(prepareSeconds)} s before the clock started.`,
      ],
    };
  } finally {
    await c.dispose();
  }
}
