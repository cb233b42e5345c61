/**
 * B7: the school-wide period report (Rep1) of a 1,000-student school, asked
 * over HTTP by the deputy director from the real server: 36 classes of 28
 * students, five subjects each (180 pages of a November, 60 % of the past
 * cells filled, no period marks yet, so every student x subject needs its
 * forecast from the weighted average). The first request loads every page
 * from SQLite; the following ones find them in memory, as during a
 * working session.
 */
import { prepareSchool, startBenchServer } from "./bench-server.ts";
import { fmt, summary } from "./stats.ts";
import type { BenchResult } from "./run.ts";

interface Options { periods: Array<{ id: string; name: string; start: string; end: string }>; today: string }

export async function benchSchoolReport(quick: boolean): Promise<BenchResult> {
  const classes = quick ? 10 : 36;
  const studentsPerClass = 28;
  const runs = quick ? 10 : 40;
  const prepared = await prepareSchool({ classes, studentsPerClass, teachers: Math.ceil(classes * 1.5), prewarmMarks: 0.6, prewarmDiaries: false });
  const b = await startBenchServer(prepared);
  try {
    const deputy = b.school.readers[2]!;
    const get = async (path: string): Promise<{ ms: number; bytes: number }> => {
      const t0 = performance.now();
      const res = await fetch(`${b.server.url}${path}`, { headers: { cookie: deputy } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${new TextDecoder().decode(body)}`);
      return { ms: performance.now() - t0, bytes: body.byteLength };
    };
    const options = (await (await fetch(`${b.server.url}/api/reports/options`, { headers: { cookie: deputy } })).json()) as Options;
    const period = options.periods.find((p) => p.start <= options.today && options.today <= p.end)!;
    const cold = await get(`/api/reports/school?periodId=${period.id}`);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push((await get(`/api/reports/school?periodId=${period.id}`)).ms);
    const csv: number[] = [];
    for (let i = 0; i < Math.ceil(runs / 4); i++) csv.push((await get(`/api/reports/school.csv?periodId=${period.id}`)).ms);
    const s = summary(warm);
    const c = summary(csv);
    const students = classes * studentsPerClass;
    return {
      id: "B7",
      title: `the school-wide period report of a ${students}-student school (${classes} classes, ${classes * 5} pages)`,
      rows: [
        { measure: "first request: every page loaded from SQLite, then the report", n: 1, median: fmt(cold.ms, 0), unit: "ms", target: "reported", verdict: "info" },
        { measure: "report with the pages in memory (JSON)", n: s.n, median: fmt(s.median, 0), p95: fmt(s.p95, 0), p99: fmt(s.p99, 0), unit: "ms", target: "p95 < 1000 ms", verdict: quick ? "info" : s.p95 < 1000 ? "pass" : "miss" },
        { measure: "CSV export with the pages in memory", n: c.n, median: fmt(c.median, 0), p95: fmt(c.p95, 0), p99: fmt(c.p99, 0), unit: "ms", target: "reported", verdict: "info" },
      ],
      notes: [
        `${students} students, ${classes * 5} pages, ${period.name}; requests one at a time over loopback; the JSON answer is ${fmt(cold.bytes / 1024, 0)} KiB.`,
        "Computed from the stored documents on every request (nothing cached beyond the open pages); the server's registry unloads pages nobody uses after a minute, so a report after a pause pays the first-request cost again.",
      ],
    };
  } finally {
    await b.dispose();
  }
}
