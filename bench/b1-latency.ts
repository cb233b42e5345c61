/**
 * B1: edit-to-visible latency on loopback. One teacher types 1,000 marks at
 * 20 a second into a page (30 students) that 30 other teachers have open
 * (substitutes assigned to the page, so they open it to write) and whose 30
 * students' diaries are open in their families' clients. Each mark carries
 * the writer's clock; every observer times its arrival.
 */
import { prepareSchool, startBenchServer } from "./bench-server.ts";
import { merge, startWorker } from "./workers.ts";
import { fmt, sleep, summary } from "./stats.ts";
import type { BenchResult, Row } from "./run.ts";

export function latencyRow(measure: string, values: number[], limit: number, expected?: number): Row {
  const s = summary(values);
  const complete = expected === undefined || s.n >= expected;
  return {
    measure: expected === undefined ? measure : `${measure} (${s.n} of ${expected} expected deliveries)`,
    n: s.n,
    median: fmt(s.median),
    p95: fmt(s.p95),
    p99: fmt(s.p99),
    unit: "ms",
    target: `p99 < ${limit} ms`,
    verdict: s.n > 0 && s.p99 < limit && complete ? "pass" : "miss",
  };
}

export async function benchLatency(quick: boolean): Promise<BenchResult> {
  const marks = quick ? 200 : 1000;
  const prepared = await prepareSchool({ classes: 1, studentsPerClass: 30, teachers: 5, substitutesOnFirstPage: 30, prewarmMarks: 0.6 });
  const b = await startBenchServer(prepared);
  try {
    const page = b.school.pages[0]!;
    const teacher = b.school.teachers.find((t) => t.userId === page.teacherId)!;
    const base = { url: b.server.url, clockOffset: b.clockOffset, today: b.today, windowDays: b.windowDays, awareness: true };
    const colleagues = startWorker({ ...base, docs: b.school.substitutes.map((s) => ({ cookie: s.cookie, name: `journal/${page.id}`, kind: "journal" as const, observe: true })) });
    const families = startWorker({
      ...base,
      docs: b.school.families.filter((f) => page.studentIds.includes(f.studentId)).map((f, i) => ({ cookie: i % 2 ? f.studentCookie : f.parentCookie, name: `diary/${f.studentId}`, kind: "diary" as const, observe: true })),
    });
    const [c, f] = await Promise.all([colleagues.ready, families.ready]);
    const writer = startWorker({ ...base, rate: 20, maxMarks: marks, docs: [{ cookie: teacher.cookie, name: `journal/${page.id}`, kind: "journal", author: teacher.userId }] });
    await writer.ready;
    writer.write();
    await writer.done;
    await sleep(1500);
    const w = await writer.stop();
    const [teachers, diaries] = await Promise.all([colleagues.stop(), families.stop()]);
    const all = merge([w, teachers, diaries]);
    return {
      id: "B1",
      title: "edit-to-visible latency, one teacher typing 20 marks/s",
      rows: [
        latencyRow("teacher → 30 other teachers on the page", teachers.latencies.journal, 50, w.written * c.connected),
        latencyRow("teacher → the 30 students' diaries", diaries.latencies.diary, 100, w.written),
      ],
      notes: [
        `${w.written} marks typed at 20/s; ${c.connected}/30 teacher clients and ${f.connected}/30 diary clients connected; refused ${all.refused}, sockets closed ${all.closes}.`,
        "A diary receives only its own student's marks, so the diary side has one delivery per mark; the teacher side has 30.",
        "Pages and diaries start stored with 60 % of the past cells filled (a November page), as a real morning would find them.",
      ],
    };
  } finally {
    await b.dispose();
  }
}
