/**
 * Renders printouts in one worker thread: a class's journal takes a second or
 * more of CPU, and the server's main thread must keep relaying and storing
 * edits meanwhile. Jobs queue in the worker; if the worker cannot start or
 * dies, the job runs in-process instead, so a printout is never refused.
 */
import { Worker } from "node:worker_threads";
import { renderPrintout, type PrintJob } from "./printouts.ts";

type Waiter = { ok: (b: Buffer) => void; fail: (e: Error) => void; job: PrintJob };

export function createRenderPool(log: (msg: string) => void = () => {}) {
  let worker: Worker | null = null;
  let broken = false;
  let next = 1;
  const waiting = new Map<number, Waiter>();

  function start(): Worker | null {
    if (worker || broken) return worker;
    try {
      // The worker is TypeScript like the rest of the server; its entry registers tsx, however the server was started.
      const w = new Worker(new URL("./render-worker-entry.mjs", import.meta.url));
      w.unref();
      w.on("message", (msg: { id: number; data?: Uint8Array; error?: string }) => {
        const waiter = waiting.get(msg.id);
        if (!waiter) return;
        waiting.delete(msg.id);
        // An idle worker does not keep the process alive; a busy one does, until its job is back.
        if (waiting.size === 0) w.unref();
        if (msg.data) waiter.ok(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength));
        else waiter.fail(new Error(msg.error ?? "render failed"));
      });
      w.on("error", (err) => log(`pdf worker failed: ${String(err)}`));
      w.on("exit", () => {
        worker = null;
        broken = true;
        // What was queued there is rendered here.
        for (const [id, waiter] of waiting) {
          waiting.delete(id);
          renderPrintout(waiter.job).then(waiter.ok, waiter.fail);
        }
      });
      worker = w;
    } catch (err) {
      log(`pdf worker unavailable, rendering in-process: ${String(err)}`);
      broken = true;
    }
    return worker;
  }

  return {
    render(job: PrintJob): Promise<Buffer> {
      const w = start();
      if (!w) return renderPrintout(job);
      return new Promise<Buffer>((ok, fail) => {
        const id = next++;
        waiting.set(id, { ok, fail, job });
        w.ref();
        w.postMessage({ id, job });
      });
    },
    async close(): Promise<void> {
      const w = worker;
      worker = null;
      broken = true;
      if (w) await w.terminate();
    },
  };
}

export type RenderPool = ReturnType<typeof createRenderPool>;
