/** Starts benchmark client processes (bench/client-worker.ts) and talks to them over stdin/stdout JSON lines. */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import type { WorkerConfig, WorkerResult } from "./client-worker.ts";

const ROOT = resolve(import.meta.dirname, "..");

export interface Worker {
  child: ChildProcess;
  /** Resolves when every document synced (or gave up): how many synced. */
  ready: Promise<{ connected: number; expected: number }>;
  /** Resolves when a writer with maxMarks typed them all. */
  done: Promise<void>;
  write(): void;
  /** Stops typing for a while; `resume` carries on at the same rate (open loop, nothing made up). */
  pause(): void;
  resume(): void;
  stop(): Promise<WorkerResult>;
}

/** Calls `fn` with each line a child process writes (without its newline). */
export function onLines(stream: Readable, fn: (line: string) => void): void {
  let buffer = "";
  stream.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      fn(line);
    }
  });
}

export function startWorker(cfg: WorkerConfig): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/client-worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, BENCH_WORKER: JSON.stringify(cfg) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = new Map<string, (msg: Record<string, unknown>) => void>();
  const arrived = new Map<string, Record<string, unknown>>();
  const on = (type: string) =>
    new Promise<Record<string, unknown>>((ok) => {
      const got = arrived.get(type);
      if (got) ok(got);
      else waiting.set(type, ok);
    });
  onLines(child.stdout!, (line) => {
    if (!line.startsWith("{")) return;
    const msg = JSON.parse(line) as Record<string, unknown>;
    const type = String(msg.type);
    const waiter = waiting.get(type);
    if (waiter) {
      waiting.delete(type);
      waiter(msg);
    } else arrived.set(type, msg);
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  const failOnExit = <T,>(p: Promise<T>) => Promise.race([p, exited.then(() => Promise.reject(new Error("client worker exited early")))]);
  return {
    child,
    ready: failOnExit(on("ready").then((m) => ({ connected: Number(m.connected), expected: Number(m.expected) }))),
    done: on("done").then(() => undefined),
    write: () => child.stdin!.write("write\n"),
    pause: () => child.stdin!.write("pause\n"),
    resume: () => child.stdin!.write("resume\n"),
    async stop() {
      const result = on("result");
      child.stdin!.write("stop\n");
      const r = (await failOnExit(result)) as unknown as WorkerResult;
      await exited;
      return r;
    },
  };
}

/** Splits documents over `processes` workers with otherwise the same config. */
export function startWorkers(cfg: WorkerConfig, processes: number): Worker[] {
  const n = Math.max(1, Math.min(processes, cfg.docs.length));
  return Array.from({ length: n }, (_, i) => startWorker({ ...cfg, seed: (cfg.seed ?? 1) * 100 + i, docs: cfg.docs.filter((_d, k) => k % n === i) }));
}

export function merge(results: WorkerResult[]): WorkerResult {
  const out: WorkerResult = { latencies: { journal: [], diary: [] }, seenAt: { journal: [], diary: [] }, connectMs: [], connected: 0, written: 0, refused: 0, closes: 0, closeCodes: {} };
  for (const r of results) {
    out.latencies.journal.push(...r.latencies.journal);
    out.latencies.diary.push(...r.latencies.diary);
    out.seenAt.journal.push(...r.seenAt.journal);
    out.seenAt.diary.push(...r.seenAt.diary);
    out.connectMs.push(...r.connectMs);
    out.connected += r.connected;
    out.written += r.written;
    out.refused += r.refused;
    out.closes += r.closes;
    for (const [k, v] of Object.entries(r.closeCodes)) out.closeCodes[k] = (out.closeCodes[k] ?? 0) + v;
  }
  return out;
}
