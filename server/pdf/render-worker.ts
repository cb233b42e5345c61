/** Runs in a worker thread: renders printouts off the server's main thread, so syncing never waits for a PDF. */
import { parentPort } from "node:worker_threads";
import { renderPrintout, type PrintJob } from "./printouts.ts";

parentPort!.on("message", (msg: { id: number; job: PrintJob }) => {
  renderPrintout(msg.job).then(
    (pdf) => {
      const data = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
      parentPort!.postMessage({ id: msg.id, data }, [data.buffer]);
    },
    (err: unknown) => parentPort!.postMessage({ id: msg.id, error: String((err as Error)?.stack ?? err) }),
  );
});
