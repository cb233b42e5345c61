/** M1: the HTTP routes of messages (docs/protocol.md). Live delivery is the inbox document. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorCode } from "../../shared/errors.ts";
import { authenticate } from "../auth/authenticate.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import { readJson } from "../http/read-body.ts";
import { HttpError, sendJson } from "../http/respond.ts";
import { MessageRefused, type MessageService } from "./message-service.ts";

export interface MessageRouteDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  messages: MessageService;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  "recipient-not-allowed": 403,
  "not-found": 404,
  "rate-limited": 429,
  "text-too-long": 413,
};

export function createMessageApi(deps: MessageRouteDeps) {
  function signedIn(req: IncomingMessage) {
    const auth = authenticate(req, deps.sessions, deps.school);
    if (!auth) throw new HttpError(401, "unauthenticated");
    return auth.actor;
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    const conversation = /^\/api\/conversations\/(\d{1,12})\/(read|messages)$/.exec(path);
    if (req.method === "GET" && path === "/api/messages/contacts") sendJson(res, 200, deps.messages.contacts(signedIn(req)));
    else if (req.method === "POST" && path === "/api/messages") {
      const actor = signedIn(req);
      sendJson(res, 201, deps.messages.send(actor, await readJson(req)));
    } else if (req.method === "POST" && path === "/api/messages/class-parents") {
      const actor = signedIn(req);
      sendJson(res, 201, deps.messages.messageClassParents(actor, await readJson(req)));
    } else if (req.method === "POST" && conversation?.[2] === "read") {
      const actor = signedIn(req);
      deps.messages.markRead(actor, conversation[1]!, await readJson(req));
      res.writeHead(204, { "cache-control": "no-store" });
      res.end();
    } else if (req.method === "GET" && conversation?.[2] === "messages") {
      const before = Number(url.searchParams.get("before") ?? Number.MAX_SAFE_INTEGER);
      if (!Number.isSafeInteger(before)) throw new HttpError(400, "bad-request");
      sendJson(res, 200, { messages: deps.messages.history(signedIn(req), conversation[1]!, before) });
    } else return false;
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    try {
      return await route(req, res, url);
    } catch (err) {
      if (err instanceof MessageRefused) throw new HttpError(STATUS[err.code] ?? 400, err.code);
      throw err;
    }
  }

  return { handle };
}
