/**
 * B3: a school's morning. 60 teachers and 1,500 families (each a parent or
 * the student) arrive within a minute and open their documents: a teacher
 * its 5 pages, and as a class teacher its class's other pages; a family its
 * child's diary. Teachers arrive first and type a mark a second each (the
 * cursor in their presence follows) while the families keep arriving;
 * presence is on everywhere. The store starts as a November morning finds
 * it: every page and diary stored, 60 % of the past cells filled.
 */
import { prepareSchool, startBenchServer } from "./bench-server.ts";
import { merge, startWorkers } from "./workers.ts";
import { fmt, processUsage, rssSampler, sleep, summary } from "./stats.ts";
import { createRandom } from "../test/support/random.ts";
import { latencyRow } from "./b1-latency.ts";
import type { WorkerDoc } from "./client-worker.ts";
import type { BenchResult, Row } from "./run.ts";

const split = (values: number[], at: number[], keep: (at: number) => boolean) => values.filter((_v, i) => keep(at[i]!));
const info = (row: Row): Row => ({ ...row, target: "", verdict: "info" });

export async function benchMorning(quick: boolean): Promise<BenchResult> {
  const classes = quick ? 8 : 60;
  const teachersCount = quick ? 8 : 60;
  const teacherArrivalMs = quick ? 3000 : 10_000;
  const familyArrivalMs = quick ? 8000 : 45_000;
  const steadyMs = quick ? 4000 : 15_000;
  const t0 = Date.now();
  const prepared = await prepareSchool({ classes, studentsPerClass: 25, teachers: teachersCount, prewarmMarks: 0.6 });
  const prepareSeconds = (Date.now() - t0) / 1000;
  const b = await startBenchServer(prepared);
  const rnd = createRandom(3);
  try {
    const { school } = b;
    const teacherDocs: WorkerDoc[] = [];
    for (const t of school.teachers) {
      const arrives = rnd.int(teacherArrivalMs);
      const own = new Set(t.pageIds);
      t.pageIds.forEach((pageId, i) => teacherDocs.push({ cookie: t.cookie, name: `journal/${pageId}`, kind: "journal", connectAfterMs: arrives + i * 50, ...(i === 0 ? { author: t.userId } : {}) }));
      const cls = school.classes.find((c) => c.id === t.classId);
      cls?.pageIds.filter((p) => !own.has(p)).forEach((pageId, i) =>
        teacherDocs.push({ cookie: t.cookie, name: `journal/${pageId}`, kind: "journal", observe: true, connectAfterMs: arrives + (t.pageIds.length + i) * 50 }),
      );
    }
    const familyDocs: WorkerDoc[] = school.families.map((f, i) => ({
      cookie: i % 2 ? f.studentCookie : f.parentCookie, name: `diary/${f.studentId}`, kind: "diary", observe: true, connectAfterMs: rnd.int(familyArrivalMs),
    }));
    const startAt = Date.now() + 4000; // the client processes start first
    const base = { url: b.server.url, clockOffset: b.clockOffset, today: b.today, windowDays: b.windowDays, awareness: true, startAt, connectTimeoutMs: 90_000 };
    const rss = rssSampler(b.server.pid);
    const cpu0 = processUsage(b.server.pid).cpuSeconds;
    const teachers = startWorkers({ ...base, docs: teacherDocs, rate: 1, cursor: true }, 2);
    const families = startWorkers({ ...base, docs: familyDocs }, 3);
    // Teachers start typing as soon as they are all in; families are still arriving.
    const teachersIn = Promise.all(teachers.map((w) => w.ready)).then((r) => {
      for (const w of teachers) w.write();
      return r;
    });
    const [tReady, fReady] = await Promise.all([teachersIn, Promise.all(families.map((w) => w.ready))]);
    const allInAt = Date.now();
    const allInSeconds = (allInAt - startAt) / 1000;
    await sleep(steadyMs);
    const rssAll = processUsage(b.server.pid).rssMiB;
    const cpuSeconds = processUsage(b.server.pid).cpuSeconds - cpu0;
    const wallSeconds = (Date.now() - startAt) / 1000;
    const t = merge(await Promise.all(teachers.map((w) => w.stop())));
    const f = merge(await Promise.all(families.map((w) => w.stop())));
    const peak = rss.stop();
    const connected = [...tReady, ...fReady].reduce((n, r) => n + r.connected, 0);
    const expected = teacherDocs.length + familyDocs.length;
    const errors = t.closes + f.closes + t.refused;
    const closeCodes = Object.entries(merge([t, f]).closeCodes).map(([k, v]) => `${k}×${v}`).join(", ") || "none";
    const tc = summary(t.connectMs);
    const fc = summary(f.connectMs);
    return {
      id: "B3",
      title: `a school's morning: ${school.teachers.length} teachers, ${school.families.length} families, presence on`,
      rows: [
        { measure: `connections synced (${teacherDocs.length} teacher pages + ${familyDocs.length} diaries)`, n: expected, median: `${connected}/${expected}`, unit: "", target: "all", verdict: connected === expected ? "pass" : "miss" },
        { measure: "everyone in, from the first arrival", median: fmt(allInSeconds), unit: "s", target: "<= 60 s", verdict: allInSeconds <= 60 && connected === expected ? "pass" : "miss" },
        { measure: `errors: sockets closed (${closeCodes}), marks refused`, median: String(errors), unit: "", target: "0", verdict: errors === 0 ? "pass" : "miss" },
        { measure: "connect to synced, teacher page", n: tc.n, median: fmt(tc.median), p95: fmt(tc.p95), p99: fmt(tc.p99), unit: "ms", target: "", verdict: "info" },
        { measure: "connect to synced, diary", n: fc.n, median: fmt(fc.median), p95: fmt(fc.p95), p99: fmt(fc.p99), unit: "ms", target: "", verdict: "info" },
        { measure: "server RSS, peak (sampled every 0.5 s)", median: fmt(peak, 0), unit: "MiB", target: "< 1024 MiB", verdict: peak < 1024 ? "pass" : "miss" },
        { measure: "server RSS with everyone connected", median: fmt(rssAll, 0), unit: "MiB", target: "< 1024 MiB", verdict: rssAll < 1024 ? "pass" : "miss" },
        latencyRow("teacher → class teacher on the same page, whole morning", t.latencies.journal, 50),
        latencyRow("teacher → the student's diary, whole morning", f.latencies.diary, 100),
        info(latencyRow("… teacher → class teacher while people arrive", split(t.latencies.journal, t.seenAt.journal, (at) => at < allInAt), 50)),
        info(latencyRow("… teacher → class teacher once everyone is in", split(t.latencies.journal, t.seenAt.journal, (at) => at >= allInAt), 50)),
        info(latencyRow("… teacher → diary while people arrive", split(f.latencies.diary, f.seenAt.diary, (at) => at < allInAt), 100)),
        info(latencyRow("… teacher → diary once everyone is in", split(f.latencies.diary, f.seenAt.diary, (at) => at >= allInAt), 100)),
      ],
      notes: [
        `Teachers arrive within ${teacherArrivalMs / 1000} s, families within ${familyArrivalMs / 1000} s (uniform), then ${steadyMs / 1000} s more with everyone in. ${t.written} marks typed (1/s per teacher).`,
        `Server CPU over the morning: ${fmt(cpuSeconds)} s in ${fmt(wallSeconds)} s (${fmt((cpuSeconds / wallSeconds) * 100, 0)} % of one core).`,
        `Preparing the store (seed + every page and diary opened once, compacted) took ${fmt(prepareSeconds)} s before the clock started.`,
      ],
    };
  } finally {
    await b.dispose();
  }
}
