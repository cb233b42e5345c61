/**
 * Issue 10: an HTTP request that writes a document another node owns (a file
 * attached to a lesson, a class's timetable, a substitution) is run by that
 * node, as a forwarded sync connection is. The request crosses the node bus
 * whole (head and body in one frame); the owner replays it against its own
 * HTTP server on loopback, marked as forwarded so it is never sent on again,
 * and the reply comes back whole. The request keeps its Host (the Origin
 * check compares the two) and carries a deadline: an owner that receives it
 * too late does not run it.
 */
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import { randomUUID } from "node:crypto";
import { FRAME, type Frame, type NodeBus } from "./node-bus.ts";

/**
 * Set on a request a node replays for another, with a secret of that node's process: handle it
 * here or refuse, never forward it again. A client cannot forge it (it does not know the secret).
 */
export const FORWARDED_HEADER = "x-journal-forwarded-by";

export interface ForwardedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface ForwardedReply {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** Headers that describe one hop, not the message: each hop sets its own. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "content-length", "proxy-connection", "te", "trailer", FORWARDED_HEADER]);

function endToEnd<T extends IncomingHttpHeaders | OutgoingHttpHeaders>(headers: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k.toLowerCase())) out[k] = v;
  return out as T;
}

/** A frame's payload: the head as JSON behind its length, then the body's bytes. */
export function packMessage(head: unknown, body: Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(head), "utf8");
  const out = Buffer.allocUnsafe(4 + json.byteLength + body.byteLength);
  out.writeUInt32BE(json.byteLength, 0);
  json.copy(out, 4);
  out.set(body, 4 + json.byteLength);
  return out;
}

export function unpackMessage<T>(payload: Uint8Array): { head: T; body: Buffer } {
  const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (buf.byteLength < 4) throw new Error("short message");
  const length = buf.readUInt32BE(0);
  if (buf.byteLength < 4 + length) throw new Error("short message");
  return { head: JSON.parse(buf.toString("utf8", 4, 4 + length)) as T, body: Buffer.from(buf.subarray(4 + length)) };
}

/** No reply came: the owner may or may not have run the request. */
export class ForwardFailedError extends Error {}

export interface HttpForwarding {
  /** Runs the request on `owner` and resolves with its reply; rejects (ForwardFailedError) when none comes in time. */
  forward(owner: string, req: ForwardedRequest, body: Buffer): Promise<ForwardedReply>;
  /** The bus's request and reply frames. */
  onFrame(frame: Frame): void;
  /** Fails what is still waiting (the node stops, or the owner died). */
  failAll(reason: string, owner?: string): void;
  /** Whether a request arriving here is one this process replays for another node. */
  isReplay(headers: IncomingHttpHeaders): boolean;
}

interface Waiting {
  owner: string;
  ok(reply: ForwardedReply): void;
  fail(err: Error): void;
  timer: NodeJS.Timeout;
}

export function createHttpForwarding(opts: {
  bus: () => NodeBus;
  nodeId: string;
  /** Where this node's own HTTP server listens (a wildcard address means loopback); null before it listens. */
  localAddress: () => { host: string; port: number } | null;
  timeoutMs?: number;
  log: (msg: string) => void;
}): HttpForwarding {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const waiting = new Map<string, Waiting>();
  const secret = randomUUID();

  function settle(id: string): Waiting | null {
    const w = waiting.get(id);
    if (!w) return null;
    waiting.delete(id);
    clearTimeout(w.timer);
    return w;
  }

  function replay(from: string, id: string, req: ForwardedRequest, body: Buffer, deadline: number): void {
    const reply = (r: ForwardedReply) => opts.bus().send(from, { kind: FRAME.reply, connId: id, payload: packMessage({ status: r.status, headers: r.headers }, r.body) });
    const unavailable = () => reply({ status: 503, headers: { "content-type": "application/json; charset=utf-8" }, body: Buffer.from(JSON.stringify({ error: "document-elsewhere" })) });
    const local = opts.localAddress();
    // Past its deadline the sender has already answered its client: running it now would be a write nobody awaits.
    if (local === null || Date.now() > deadline) return unavailable();
    const host = local.host === "0.0.0.0" ? "127.0.0.1" : local.host === "::" ? "::1" : local.host;
    const out = httpRequest({ host, port: local.port, method: req.method, path: req.url, headers: { ...endToEnd(req.headers), [FORWARDED_HEADER]: secret, "content-length": body.byteLength }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => reply({ status: res.statusCode ?? 500, headers: endToEnd(res.headers), body: Buffer.concat(chunks) }));
      res.on("error", unavailable);
    });
    out.on("timeout", () => out.destroy(new Error("no answer in time")));
    out.on("error", (err) => {
      opts.log(`cluster: replaying a forwarded request failed: ${err.message}`);
      unavailable();
    });
    out.end(body);
  }

  return {
    forward(owner, req, body) {
      const id = `${opts.nodeId}/${randomUUID()}`;
      return new Promise<ForwardedReply>((ok, fail) => {
        const timer = setTimeout(() => settle(id)?.fail(new ForwardFailedError(`no reply from ${owner} in ${timeoutMs} ms`)), timeoutMs);
        timer.unref();
        waiting.set(id, { owner, ok, fail, timer });
        opts.bus().send(owner, { kind: FRAME.request, connId: id, payload: packMessage({ from: opts.nodeId, deadline: Date.now() + timeoutMs / 2, req: { ...req, headers: endToEnd(req.headers) } }, body) });
      });
    },
    onFrame(frame) {
      if (frame.kind === FRAME.request) {
        const { head, body } = unpackMessage<{ from: string; deadline: number; req: ForwardedRequest }>(frame.payload);
        return replay(head.from, frame.connId, head.req, body, head.deadline);
      }
      if (frame.kind === FRAME.reply) {
        const { head, body } = unpackMessage<{ status: number; headers: OutgoingHttpHeaders }>(frame.payload);
        settle(frame.connId)?.ok({ status: head.status, headers: head.headers, body });
      }
    },
    isReplay: (headers) => headers[FORWARDED_HEADER] === secret,
    failAll(reason, owner) {
      for (const [id, w] of waiting) if (owner === undefined || w.owner === owner) settle(id)?.fail(new ForwardFailedError(reason));
    },
  };
}
