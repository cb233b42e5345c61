/**
 * B9 (issue 10): B3's morning on one server process, then on two nodes of a
 * cluster, in the same run and on the same kind of store (PostgreSQL when
 * installed, as a cluster is deployed; else one shared SQLite file). Clients
 * reach a node by a hash of their document, so about half of them are
 * forwarded to the node that owns their class.
 */
import { writeFileSync } from "node:fs";
import { benchPostgres, CLUSTER_BENCH_SKIPPED, startBenchCluster, storeName } from "./bench-cluster.ts";
import { morningErrors, morningPhases, morningPlan, runMorning, type Morning } from "./b3-morning.ts";
import { fmt, summary } from "./stats.ts";
import { merge } from "./workers.ts";
import type { BenchResult, Row } from "./run.ts";

const p99 = (v: number[]) => fmt(summary(v).p99, 0);

function errorsOf(m: Morning): string {
  const codes = Object.entries(merge([m.teachers, m.families]).closeCodes).map(([k, v]) => `${k}×${v}`).join(", ") || "none";
  return `sockets closed ${codes}, marks refused ${m.teachers.refused}`;
}

function side(label: string, one: string, two: string, unit: string, target = "", verdict: Row["verdict"] = "info"): Row {
  return { measure: label, median: `${one} / ${two}`, unit, target, verdict };
}

export async function benchTwoNodesMorning(quick: boolean): Promise<BenchResult> {
  if (CLUSTER_BENCH_SKIPPED) return { id: "B9", title: "B3 on two nodes vs one", rows: [], notes: [CLUSTER_BENCH_SKIPPED] };
  const plan = morningPlan(quick);
  const pg = await benchPostgres();
  const runs: Morning[] = [];
  const logs: string[] = [];
  try {
    for (const nodes of [1, 2]) {
      const c = await startBenchCluster(nodes, plan.school, pg);
      try {
        runs.push(await runMorning(c, plan));
        logs.push(c.servers.map((s) => s.output()).join("\n"));
        if (process.env.BENCH_LOGS) writeFileSync(`${process.env.BENCH_LOGS}.${nodes}`, logs.at(-1)!);
      } finally {
        await c.dispose();
      }
    }
  } finally {
    await pg?.stop();
  }
  const [one, two] = runs as [Morning, Morning];
  const ph = runs.map(morningPhases);
  const allIn = (m: Morning) => m.connected === m.expected;
  const noErrors = runs.every((m) => morningErrors(m) === 0 && allIn(m));
  const lost = (text: string) => (text.match(/lease on .* lost/g) ?? []).length;
  return {
    id: "B9",
    title: `B3's morning on two nodes of a cluster vs one server process, store: ${storeName(pg)} (issue 10); one node / two nodes`,
    rows: [
      side("connections synced", `${one.connected}/${one.expected}`, `${two.connected}/${two.expected}`, "", "all", runs.every(allIn) ? "pass" : "miss"),
      side("errors: sockets closed, marks refused", String(morningErrors(one)), String(morningErrors(two)), "", "0", noErrors ? "pass" : "miss"),
      side("everyone in, from the first arrival", fmt(one.allInSeconds), fmt(two.allInSeconds), "s", "<= 60 s", runs.every((m) => m.allInSeconds <= 60) ? "pass" : "miss"),
      side("p99 teacher → class teacher, whole morning", p99(one.teachers.latencies.journal), p99(two.teachers.latencies.journal), "ms", "< 50 ms"),
      side("p99 teacher → diary, whole morning", p99(one.families.latencies.diary), p99(two.families.latencies.diary), "ms", "< 100 ms"),
      side("p99 teacher → class teacher, while people arrive / once all in (one node)", p99(ph[0]!.journalArriving), p99(ph[0]!.journalAllIn), "ms"),
      side("p99 teacher → class teacher, while people arrive / once all in (two nodes)", p99(ph[1]!.journalArriving), p99(ph[1]!.journalAllIn), "ms"),
      side("server CPU over the morning, all nodes", fmt(one.cpuSeconds), fmt(two.cpuSeconds), "s"),
      side("busiest node's CPU over the morning", fmt(Math.max(...one.cpuEach)), fmt(Math.max(...two.cpuEach)), "s"),
      side("server RSS with everyone in, the largest node", fmt(Math.max(...one.rssEachMiB), 0), fmt(Math.max(...two.rssEachMiB), 0), "MiB", "< 1024 MiB", runs.every((m) => Math.max(...m.rssEachMiB) < 1024) ? "pass" : "miss"),
      side("server RSS with everyone in, all nodes together", fmt(one.rssAllInMiB, 0), fmt(two.rssAllInMiB, 0), "MiB"),
    ],
    notes: [
      `Errors, one node / two nodes: ${runs.map(errorsOf).join(" / ")}.`,
      `Two nodes' CPU split: ${two.cpuEach.map((s) => `${fmt(s)} s`).join(" + ")}; marks typed ${one.teachers.written} / ${two.teachers.written}; leases lost ${lost(logs[0] ?? "")} / ${lost(logs[1] ?? "")}.`,
      "Each cell is one node / two nodes. Both runs seed the same school into a fresh store; clients pick a node by a hash of their document, so about half are forwarded over Redis to the node owning their class.",
      "Both nodes, all client processes, Redis and PostgreSQL share this machine's 2 cores: the figures show the cluster's overhead and how the load splits, not the capacity of two machines.",
    ],
  };
}
