/** Percentiles, the machine the figures were measured on, and /proc readings of a process. */
import { cpus, totalmem, release } from "node:os";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (v: number[]) => percentile(v, 50);

export function summary(values: number[]): { n: number; median: number; p95: number; p99: number; max: number } {
  return { n: values.length, median: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: percentile(values, 100) };
}

export function machine(): Record<string, string> {
  let fs = "?";
  try {
    fs = execFileSync("df", ["-T", tmpdir()], { encoding: "utf8" }).trim().split("\n").pop()!.split(/\s+/)[1]!;
  } catch {
    // df missing: leave it unknown
  }
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: String(cpus().length),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    kernel: release(),
    "data dirs": `${tmpdir()} (${fs})`,
  };
}

/** Resident memory and CPU seconds (user + system, all threads) of a process, from /proc. */
export function processUsage(pid: number): { rssMiB: number; cpuSeconds: number; userSeconds: number; systemSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const user = Number(fields[11]) / 100;
  const system = Number(fields[12]) / 100;
  return { rssMiB: rssKb / 1024, cpuSeconds: user + system, userSeconds: user, systemSeconds: system };
}

/** Samples the RSS of a process (or the sum over several) every `everyMs` until stopped; returns the peak. */
export function rssSampler(pids: number | number[], everyMs = 500): { peak(): number; stop(): number } {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, [pids].flat().reduce((sum, pid) => sum + processUsage(pid).rssMiB, 0));
    } catch {
      // a process is gone
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    peak: () => peak,
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
