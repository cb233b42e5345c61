/**
 * `npm run bench`: speed and scale of the real server (a child process, real
 * SQLite files, real WebSockets, clients in their own processes, Chromium for
 * IndexedDB). Prints one table per benchmark and writes bench/results.md.
 * Never fails a run and is not part of `npm test`.
 *
 *   BENCH_QUICK=1      a ~1-minute smoke run (smaller loads, shorter windows)
 *   BENCH_ONLY=B1,B4   run only these
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { machine } from "./stats.ts";
import { benchLatency } from "./b1-latency.ts";
import { benchThroughput } from "./b2-throughput.ts";
import { benchMorning } from "./b3-morning.ts";
import { benchYearPage } from "./b4-year-page.ts";
import { benchMemory } from "./b5-memory.ts";
import { benchGridSpeed } from "./b6-grid-speed.ts";
import { benchSchoolReport } from "./b7-school-report.ts";
import { benchTwoNodes } from "./b8-two-nodes.ts";
import { benchTwoNodesMorning } from "./b9-two-nodes-morning.ts";

export interface Row {
  measure: string;
  n?: number | string;
  median: string;
  p95?: string;
  p99?: string;
  unit: string;
  target: string;
  verdict: "pass" | "miss" | "info";
}

export interface BenchResult {
  id: string;
  title: string;
  rows: Row[];
  notes: string[];
}

const quick = process.env.BENCH_QUICK === "1";
const suites: Array<[string, string, (quick: boolean) => Promise<BenchResult>]> = [
  ["B1", "edit-to-visible latency", benchLatency],
  ["B2", "sustained validated edits per second", benchThroughput],
  ["B3", "a school's morning", benchMorning],
  ["B4", "a year-sized page", benchYearPage],
  ["B5", "server memory per page and per connection", benchMemory],
  ["B6", "the grid's speed in Chromium on a year-sized page", benchGridSpeed],
  ["B7", "the school-wide report of a 1,000-student school", benchSchoolReport],
  ["B8", "B2's load on two nodes vs one", benchTwoNodes],
  ["B9", "B3's morning on two nodes vs one", benchTwoNodesMorning],
];
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",").map((s) => s.trim().toUpperCase()) : suites.map(([id]) => id);

function table(r: BenchResult, seconds: number): string {
  const lines = [
    `## ${r.id}: ${r.title} (${seconds.toFixed(0)} s)`,
    "",
    "| measure | n | median | p95 | p99 | unit | target | result |",
    "|---|--:|--:|--:|--:|---|---|---|",
    ...r.rows.map((x) => `| ${x.measure} | ${x.n ?? ""} | ${x.median} | ${x.p95 ?? ""} | ${x.p99 ?? ""} | ${x.unit} | ${x.target} | ${x.verdict === "pass" ? "pass" : x.verdict === "miss" ? "**MISS**" : "info"} |`),
  ];
  if (r.notes.length > 0) lines.push("", ...r.notes.map((n) => `- ${n}`));
  return lines.join("\n");
}

const started = Date.now();
const sections: string[] = [];
for (const [id, title, run] of suites) {
  if (!only.includes(id)) continue;
  const t0 = Date.now();
  console.log(`${id}: ${title}...`);
  let result: BenchResult;
  try {
    result = await run(quick);
  } catch (err) {
    result = { id, title, rows: [{ measure: `did not complete: ${(err as Error).message.split("\n")[0]}`, median: "", unit: "", target: "", verdict: "miss" }], notes: [String((err as Error).stack ?? err).split("\n").slice(0, 6).join(" / ")] };
  }
  const section = table(result, (Date.now() - t0) / 1000);
  console.log(`\n${section}\n`);
  sections.push(section);
}

const m = machine();
const total = (Date.now() - started) / 1000;
const report = [
  "# Benchmark results",
  "",
  `${new Date().toISOString().replace("T", " ").slice(0, 16)} UTC, ${quick ? "quick run (BENCH_QUICK=1: smaller loads, not comparable with the targets)" : "full run"}, ${Math.floor(total / 60)} min ${Math.round(total % 60)} s` +
    (process.env.BENCH_ONLY ? `, only ${only.join(", ")}` : ""),
  "",
  "| machine | |",
  "|---|---|",
  ...Object.entries(m).map(([k, v]) => `| ${k} | ${v} |`),
  "",
  "Server and clients share the machine's cores (loopback), so every latency includes client work. Percentiles are nearest-rank; `n` is the number of samples.",
  "",
  ...sections.flatMap((s) => [s, ""]),
].join("\n");
writeFileSync(resolve(import.meta.dirname, "results.md"), report);
console.log(`Wrote bench/results.md (${total.toFixed(0)} s in all).`);
process.exit(0);
