/**
 * The sync endpoint: `GET /sync/<docName>` upgraded to a WebSocket. The user
 * is authenticated from the session cookie and its right to the document is
 * decided before any byte of the document is sent; a refusal is a close with
 * a named code and the ErrorCode as reason.
 */
import { WebSocketServer } from "ws";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import { parseDocName } from "../../shared/doc-names.ts";
import { diaryAccess, journalAccess, type Access, type AccessDecision } from "../../shared/permissions.ts";
import { SYNC_PATH } from "../../shared/protocol.ts";
import { isStaff, type Actor } from "../../shared/roles.ts";
import { authenticate, type Authenticated } from "../auth/authenticate.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { UpdatePipeline } from "./handle-client-update.ts";
import { SyncConnection } from "./sync-connection.ts";
import { inboxAccess } from "../../shared/messages.ts";
import { createTokenBucket } from "./rate-limit.ts";
import { originAllowed } from "../http/origin-check.ts";
import type { RequestHead, SyncSocket } from "./sync-socket.ts";
import type { ClusterNode } from "../cluster/cluster-node.ts";

export interface SyncLimits {
  /** Largest WebSocket message; larger ones close the connection (4413). */
  maxMessageBytes: number;
  /** Sustained messages per second per connection, and the burst allowed above it (1013 beyond). */
  messagesPerSecond: number;
  messageBurst: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = { maxMessageBytes: 1024 * 1024, messagesPerSecond: 200, messageBurst: 2000 };

export interface SyncServerDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  registry: DocumentRegistry;
  pipeline: UpdatePipeline;
  log: (msg: string) => void;
  limits?: SyncLimits;
  /** Told of every connection let in (A4: diary usage). */
  onOpen?: (actor: Actor, docName: string) => void;
  /** In a cluster: routes each connection to the node that owns its document. */
  cluster?: ClusterNode;
}

/** How long the documents loaded in one turn of the event loop may take before it yields (the last load may overrun it). */
const LOAD_BUDGET_MS = 8;

/**
 * Tasks run in turns of the event loop, each turn until `budgetMs` is spent,
 * after `beforeTurn` (which stores and sends the edits that came in since).
 */
function createTurnQueue(budgetMs: number, beforeTurn: () => void) {
  const tasks: Array<() => void> = [];
  let scheduled = false;
  const turn = () => {
    beforeTurn();
    const until = performance.now() + budgetMs;
    while (tasks.length > 0 && performance.now() < until) tasks.shift()!();
    scheduled = tasks.length > 0;
    if (scheduled) setImmediate(turn);
  };
  return {
    push(task: () => void): void {
      tasks.push(task);
      if (!scheduled) {
        scheduled = true;
        setImmediate(turn);
      }
    },
  };
}

function accessTo(deps: SyncServerDeps, actor: Actor, docName: string): AccessDecision | null {
  const ref = parseDocName(docName);
  if (!ref) return null;
  // M1: whether or not the user exists, only its owner learns anything of an inbox.
  if (ref.kind === "inbox") return inboxAccess(actor, ref.userId);
  if (ref.kind === "journal") {
    const page = deps.school.pageFacts(ref.pageId);
    return page ? journalAccess(actor, page) : null;
  }
  const diary = deps.school.diaryFacts(ref.studentId);
  return diary ? diaryAccess(actor, diary) : null;
}

export function attachSyncServer(server: Server, deps: SyncServerDeps) {
  const limits = deps.limits ?? DEFAULT_SYNC_LIMITS;
  // ws closes an oversized message itself with 1009; we check first to answer with our own code.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes * 2 });
  const connections = new Set<SyncConnection>();

  interface Admitted {
    auth: Authenticated;
    access: Access;
  }
  /** A refusal is a close with a named code and the ErrorCode as reason. */
  interface Refusal {
    code: number;
    reason: string;
  }
  const refused = (code: number, reason: string): Refusal => ({ code, reason });

  /** Who connects and with what right to the document, decided from the request alone. */
  function decide(req: RequestHead, docName: string): Admitted | Refusal {
    if (!originAllowed(req)) return refused(CLOSE_CODES.forbidden, "csrf");
    const auth = authenticate(req, deps.sessions, deps.school);
    if (!auth) return refused(CLOSE_CODES.unauthenticated, "unauthenticated");
    return rightTo(auth, docName);
  }

  function rightTo(auth: Authenticated, docName: string): Admitted | Refusal {
    const decision = accessTo(deps, auth.actor, docName);
    // Families get the same answer for a diary that does not exist as for another family's, so ids cannot be probed.
    if (decision === null && !isStaff(auth.actor.role)) return refused(CLOSE_CODES.forbidden, "forbidden");
    if (decision === null) return refused(CLOSE_CODES.unknownDocument, "unknown-document");
    if (!decision.ok) return refused(CLOSE_CODES.forbidden, decision.code);
    return { auth, access: decision.access };
  }

  /** Asked again when a waiting connection's turn comes: a session revoked or a right withdrawn meanwhile counts. */
  function stillAdmitted(first: Admitted, docName: string): Admitted | Refusal {
    if (!deps.sessions.isValid(first.auth.session.id)) return refused(CLOSE_CODES.unauthenticated, "unauthenticated");
    const actor = { ...first.auth.actor, classTeacherOf: deps.school.classTeacherOf(Number(first.auth.actor.userId)) };
    return rightTo({ ...first.auth, actor }, docName);
  }

  /** Serves an open socket: a refusal closes it before any byte of the document is sent. */
  function connect(ws: SyncSocket, docName: string, admitted: Admitted | Refusal): void {
    if ("code" in admitted) return ws.close(admitted.code, admitted.reason);
    const doc = deps.registry.get(docName);
    if (!doc) return ws.close(CLOSE_CODES.unknownDocument, "unknown-document");
    const { auth, access } = admitted;
    const conn = new SyncConnection(ws, doc, auth.actor, access, deps.pipeline, deps.log, auth.session.id, deps.school.userShortName(auth.actor.userId));
    connections.add(conn);
    const bucket = createTokenBucket(limits.messagesPerSecond, limits.messageBurst);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return conn.close(CLOSE_CODES.malformedMessage, "malformed-message");
      if (data.byteLength > limits.maxMessageBytes) return conn.close(CLOSE_CODES.messageTooLarge, "message-too-large");
      if (!bucket.take()) return conn.close(CLOSE_CODES.rateLimited, "rate-limited");
      conn.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    ws.on("close", () => {
      connections.delete(conn);
      try {
        conn.dispose();
      } catch (err) {
        // Cleanup after one socket must never take the server (and every other socket) down.
        deps.log(`cleanup after ${docName} failed: ${(err as Error).message}`);
      }
    });
    ws.on("error", () => ws.terminate());
    conn.open();
    deps.onOpen?.(auth.actor, docName);
  }

  /** Sockets whose handshake waits for their document to load. */
  const waiting = new Set<Duplex>();
  let stopped = false;

  /** Loads of documents, a few milliseconds' worth per turn of the event loop, with edits stored and sent in between. */
  const loads = createTurnQueue(LOAD_BUDGET_MS, () => deps.registry.commits.flush());

  function guarded(ws: SyncSocket, docName: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // A document that cannot be loaded must not take the server down with it.
      deps.log(`cannot open ${docName}: ${(err as Error).message}`);
      ws.close(CLOSE_CODES.internalError, "internal");
    }
  }

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    let docName: string;
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (!url.pathname.startsWith(`${SYNC_PATH}/`)) throw new Error("not the sync path");
      docName = decodeURIComponent(url.pathname.slice(SYNC_PATH.length + 1));
    } catch {
      socket.destroy();
      return;
    }
    const cluster = deps.cluster;
    if (!cluster) return upgrade(req, socket, head, docName);
    // Node drops its own error listener before "upgrade" and ws adds one only in handleUpgrade:
    // a client that resets while the route is looked up must not take the process down.
    const onError = () => socket.destroy();
    socket.on("error", onError);
    cluster.route(docName).then(
      (owner) => {
        socket.off("error", onError);
        if (socket.destroyed) return;
        if (owner === "local") return upgrade(req, socket, head, docName);
        wss.handleUpgrade(req, socket, head, (ws) => {
          // Its owner is gone and its lease not yet expired: the client retries after its back-off.
          if (owner === null) return ws.close(CLOSE_CODES.serverShutdown, "server-shutdown");
          cluster.forward(ws, req, docName, owner);
        });
      },
      (err: Error) => {
        deps.log(`cannot route ${docName}: ${err.message}`);
        socket.destroy();
      },
    );
  });

  /**
   * A document in memory is served at once. One to load waits its turn, the
   * WebSocket handshake with it, so edits keep flowing while a morning's
   * people arrive and a client is never left connected but unanswered.
   */
  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, docName: string): void {
    const handshake = (then: (ws: SyncSocket) => void) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.binaryType = "nodebuffer";
        guarded(ws, docName, () => then(ws));
      });
    let admitted: Admitted | Refusal;
    try {
      admitted = decide(req, docName);
    } catch (err) {
      return handshake(() => {
        throw err;
      });
    }
    if ("code" in admitted || deps.registry.live.has(docName)) return handshake((ws) => connect(ws, docName, admitted));
    const first = admitted;
    // Node drops its own error listener before "upgrade" and ws adds one only in handleUpgrade.
    const onError = () => socket.destroy();
    socket.on("error", onError);
    waiting.add(socket);
    loads.push(() => {
      waiting.delete(socket);
      socket.off("error", onError);
      if (socket.destroyed || stopped) return void socket.destroy();
      let now: Admitted | Refusal;
      try {
        now = stillAdmitted(first, docName);
        // Loaded here, within the turn's budget; the handshake then finds it in memory.
        if (!("code" in now)) deps.registry.get(docName);
      } catch (err) {
        return handshake(() => {
          throw err;
        });
      }
      handshake((ws) => connect(ws, docName, now));
    });
  }

  function accept(ws: SyncSocket, req: RequestHead, docName: string): void {
    guarded(ws, docName, () => connect(ws, docName, decide(req, docName)));
  }

  return {
    connections,
    /** Serves a connection another node forwarded (cluster). */
    accept,
    /** Closes the sockets of a user whose account was disabled or whose sessions were revoked. */
    disconnectUser(userId: string): void {
      for (const c of connections) if (c.actor.userId === userId) c.close(CLOSE_CODES.unauthenticated, "unauthenticated");
    },
    /**
     * After the records of who may open a document changed (a page given to another teacher, a new
     * class teacher): a socket that lost its access closes for good, one whose access changed
     * closes so that it reconnects with the new one.
     */
    recheckAccess(docName: string): void {
      for (const c of connections) {
        if (c.doc.name !== docName) continue;
        const auth = { ...c.actor, classTeacherOf: deps.school.classTeacherOf(Number(c.actor.userId)) };
        const decision = accessTo(deps, auth, docName);
        if (!decision || !decision.ok) c.close(CLOSE_CODES.forbidden, decision ? decision.code : "forbidden");
        else if (decision.access !== c.access || auth.classTeacherOf.join() !== c.actor.classTeacherOf.join()) c.close(CLOSE_CODES.serverShutdown, "server-shutdown");
      }
    },
    /** Closes sockets whose session has expired or was deleted since they connected. */
    dropExpiredSessions(): void {
      for (const c of connections) if (!deps.sessions.isValid(c.sessionId)) c.close(CLOSE_CODES.unauthenticated, "unauthenticated");
    },
    close(): void {
      stopped = true;
      for (const socket of waiting) socket.destroy();
      for (const c of connections) c.close(CLOSE_CODES.serverShutdown, "server-shutdown");
      wss.close();
    },
  };
}
