import type { IncomingMessage } from "node:http";
import { HttpError } from "./respond.ts";

const MAX_JSON_BYTES = 64 * 1024;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new HttpError(413, "bad-request");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "bad-request");
  }
}

/** A body this many times over its limit is not worth draining: the socket is closed instead. */
export const DRAIN_FACTOR = 4;

/**
 * The body, or null when it is larger than `max`: the rest is read and dropped
 * (up to DRAIN_FACTOR times `max`) so that the client hears the refusal.
 */
export async function readBodyUpTo(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_FACTOR * max) {
      req.destroy();
      break;
    }
    if (size <= max) chunks.push(chunk);
  }
  return size > max ? null : Buffer.concat(chunks);
}

/**
 * A request whose body was read ahead (in a cluster, to find which node must
 * handle it) gives the same bytes again to whoever reads it next.
 */
export function replayBody(req: IncomingMessage, body: Buffer): void {
  Object.defineProperty(req, Symbol.asyncIterator, {
    configurable: true,
    value: async function* () {
      if (body.byteLength > 0) yield body;
    },
  });
}
