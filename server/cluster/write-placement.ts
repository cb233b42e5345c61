/**
 * Issue 10: an HTTP request that writes one class's documents (a lesson's
 * files, the class's timetable, a substitution) runs on the node that owns
 * the class: here when this node holds its lease or can take it, otherwise
 * forwarded whole to the owner, as sync connections are. Read before the
 * request is handled, so nothing is written by a node that does not own it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { journalDocName } from "../../shared/doc-names.ts";
import { MAX_ATTACHMENT_BYTES } from "../../shared/attachments.ts";
import { readBodyUpTo, replayBody } from "../http/read-body.ts";
import { sendError } from "../http/respond.ts";
import { classShard, type ClusterNode } from "./cluster-node.ts";
import { ForwardFailedError } from "./http-forward.ts";

/** What a write route writes: one page (and so its class) or one class. */
type Target = { pageId: string } | { classId: string } | null;

export interface PlacementLookups {
  pageOfLesson(lessonId: string): string | null;
  pageOfAttachment(attachmentId: string): string | null;
}

interface WriteRoute {
  method: string;
  path: RegExp;
  /** The most this route reads of a body. */
  maxBody: number;
  target(match: RegExpExecArray, body: Buffer, look: PlacementLookups): Target;
}

function lessonIdIn(body: Buffer): string | null {
  try {
    const id = (JSON.parse(body.toString("utf8")) as { lessonId?: unknown }).lessonId;
    return typeof id === "string" || typeof id === "number" ? String(id) : null;
  } catch {
    return null;
  }
}

const JSON_BODY = 64 * 1024;
const page = (pageId: string | null): Target => (pageId === null ? null : { pageId });

const WRITE_ROUTES: WriteRoute[] = [
  { method: "POST", path: /^\/api\/lessons\/([0-9]{1,12})\/attachments$/, maxBody: MAX_ATTACHMENT_BYTES, target: (m, _b, look) => page(look.pageOfLesson(m[1]!)) },
  { method: "DELETE", path: /^\/api\/attachments\/([A-Za-z0-9_-]{1,40})$/, maxBody: JSON_BODY, target: (m, _b, look) => page(look.pageOfAttachment(m[1]!)) },
  { method: "PUT", path: /^\/api\/classes\/([0-9]{1,12})\/timetable$/, maxBody: JSON_BODY, target: (m) => ({ classId: m[1]! }) },
  { method: "POST", path: /^\/api\/substitutions$/, maxBody: JSON_BODY, target: (_m, body, look) => {
    const lessonId = lessonIdIn(body);
    return lessonId !== null && /^[0-9]{1,12}$/.test(lessonId) ? page(look.pageOfLesson(lessonId)) : null;
  } },
  { method: "DELETE", path: /^\/api\/substitutions\/([0-9]{1,12})$/, maxBody: JSON_BODY, target: (m, _b, look) => page(look.pageOfLesson(m[1]!)) },
];

/**
 * `signedIn` keeps an anonymous client from making this node read, route or
 * forward anything: its request goes to the route, which refuses it.
 */
export function createWritePlacement(cluster: () => ClusterNode | null, look: PlacementLookups, signedIn: (req: IncomingMessage) => boolean) {
  /** True when the request was answered here (forwarded, or refused); false: handle it on this node. */
  async function place(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const node = cluster();
    if (!node || node.isReplay(req.headers)) return false;
    let match: RegExpExecArray | null = null;
    const route = WRITE_ROUTES.find((r) => r.method === req.method && (match = r.path.exec(pathname)) !== null);
    if (!route || !match || !signedIn(req)) return false;
    // Bodies too large for the route are refused by the route itself, where they arrive, without being read.
    if (Number(req.headers["content-length"] ?? 0) > route.maxBody) return false;
    const body = await readBodyUpTo(req, route.maxBody);
    if (body === null) {
      sendError(res, 413, route.maxBody === JSON_BODY ? "bad-request" : "file-too-large");
      return true;
    }
    replayBody(req, body);
    const target = route.target(match, body, look);
    const shard = target === null ? null : "classId" in target ? classShard(target.classId) : node.shardOf(journalDocName(target.pageId));
    if (shard === null) return false;
    const where = await node.routeShard(shard);
    if (where === "local") return false;
    if (where === null) {
      sendError(res, 503, "document-elsewhere");
      return true;
    }
    try {
      const reply = await node.forwardHttp(where, { method: req.method!, url: req.url ?? pathname, headers: req.headers }, body);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    } catch (err) {
      if (!(err instanceof ForwardFailedError)) throw err;
      // Sent, but not confirmed: the owner may have made the write, so "try again" could make it twice.
      sendError(res, 504, "write-unconfirmed");
    }
    return true;
  }
  return { place };
}
