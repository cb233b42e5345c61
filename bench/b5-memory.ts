/**
 * B5: the server's memory per open page and per connection, from its RSS
 * (/proc) as documents and sockets are added: first one connection to each
 * of P pages (loads the page), then two more connections to each, then one
 * connection to each of D diaries. Pages are November pages of 30 students
 * (a year of lessons, 60 % of the past cells filled), stored compacted.
 */
import { prepareSchool, startBenchServer } from "./bench-server.ts";
import { merge, startWorkers } from "./workers.ts";
import { fmt, processUsage, sleep } from "./stats.ts";
import type { WorkerConfig } from "./client-worker.ts";
import type { BenchResult } from "./run.ts";

export async function benchMemory(quick: boolean): Promise<BenchResult> {
  const classes = quick ? 6 : 20;
  const prepared = await prepareSchool({ classes, studentsPerClass: 30, teachers: classes, prewarmMarks: 0.6 });
  const b = await startBenchServer(prepared);
  try {
    const base = { url: b.server.url, clockOffset: b.clockOffset, today: b.today, windowDays: b.windowDays, awareness: true };
    const pages: WorkerConfig["docs"] = b.school.pages.map((p) => ({ cookie: b.school.readers[0]!, name: `journal/${p.id}`, kind: "journal" }));
    const diaries: WorkerConfig["docs"] = b.school.families.map((f) => ({ cookie: f.parentCookie, name: `diary/${f.studentId}`, kind: "diary" }));
    const settle = async () => {
      await sleep(1500);
      return processUsage(b.server.pid).rssMiB;
    };
    const idle = await settle();
    const first = startWorkers({ ...base, docs: pages }, 1);
    await Promise.all(first.map((w) => w.ready));
    const withPages = await settle();
    const more = startWorkers({ ...base, docs: [...pages, ...pages] }, 2);
    await Promise.all(more.map((w) => w.ready));
    const withConnections = await settle();
    const families = startWorkers({ ...base, docs: diaries }, 2);
    await Promise.all(families.map((w) => w.ready));
    const withDiaries = await settle();
    const all = merge(await Promise.all([...first, ...more, ...families].map((w) => w.stop())));
    const kib = (mib: number, n: number) => fmt((mib * 1024) / n, 0);
    return {
      id: "B5",
      title: "server memory per open page and per connection (RSS deltas)",
      rows: [
        { measure: "server RSS, started, nothing open", median: fmt(idle, 0), unit: "MiB", target: "reported", verdict: "info" },
        { measure: `per open page with its first connection (${pages.length} pages, 30 students, November)`, n: pages.length, median: kib(withPages - idle, pages.length), unit: "KiB", target: "reported", verdict: "info" },
        { measure: `per further connection to an open page (${pages.length * 2} connections)`, n: pages.length * 2, median: kib(withConnections - withPages, pages.length * 2), unit: "KiB", target: "reported", verdict: "info" },
        { measure: `per open diary with its connection (${diaries.length} diaries)`, n: diaries.length, median: kib(withDiaries - withConnections, diaries.length), unit: "KiB", target: "reported", verdict: "info" },
        { measure: `server RSS at the end (${all.connected} connections)`, median: fmt(withDiaries, 0), unit: "MiB", target: "reported", verdict: "info" },
      ],
      notes: [
        "RSS deltas include the V8 heap's slack and are single samples 1.5 s after the step; read them as ± 20 %. Presence is on for every client.",
        `Sockets closed during the run: ${all.closes}.`,
      ],
    };
  } finally {
    await b.dispose();
  }
}
