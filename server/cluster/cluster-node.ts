/**
 * One node of a cluster (REDIS_URL set): decides where each new sync
 * connection is served, forwards it over Redis when another node owns its
 * shard, serves the connections other nodes forward to it, and runs the
 * school's refresh commands on whichever node owns the documents.
 *
 * A shard is a school class (its journal pages and its students' diaries,
 * so a mark's projection into a diary never leaves the node that accepted
 * it) or one user's inbox.
 */
import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";
import type { IncomingHttpHeaders } from "node:http";
import { Redis } from "ioredis";
import { diaryDocName, inboxDocName, journalDocName, parseDocName } from "../../shared/doc-names.ts";
import type { RefreshCommand } from "../documents/document-registry.ts";
import type { ThrottleEvent } from "../auth/sign-in-throttle.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { RequestHead, SyncSocket } from "../sync/sync-socket.ts";
import { createShardLeases, DEFAULT_LEASE_TIMINGS, type FenceStore, type LeaseTimings, type ShardLeases } from "./shard-leases.ts";
import { createNodeBus, FRAME, jsonPayload, readJson, type Frame, type NodeBus } from "./node-bus.ts";
import { RemoteSocket } from "./remote-socket.ts";
import { createHttpForwarding, type ForwardedReply, type ForwardedRequest } from "./http-forward.ts";

/** What a node asks of the node owning a document, or of every node. */
export type ClusterCommand =
  | RefreshCommand
  | { type: "disconnect-user"; userId: string }
  | { type: "recheck-access"; docName: string }
  /** A student changed class (transfer, promotion): every node looks its documents' shard up again. */
  | { type: "forget-shards" }
  /** P1, P3: the year's calendar changed: the class's pages and diaries follow it, written by the node that owns the class. */
  | { type: "follow-calendar"; classId: string }
  /** A sign-in attempt, failure or success on one node, counted by every other (the lockout is cluster-wide). */
  | { type: "sign-in"; from: string; throttle: "password" | "invite"; event: ThrottleEvent };

/** The shard of a class's pages and its students' diaries. */
export const classShard = (classId: string) => `class:${classId}`;

function documentOf(command: RefreshCommand): string | null {
  if (command.type === "refresh-journal") return journalDocName(command.pageId);
  if (command.type === "refresh-diary-card" || command.type === "refresh-diary-pages") return diaryDocName(command.studentId);
  if (command.type === "refresh-inbox") return inboxDocName(command.userId);
  return null;
}

interface OpenRequest {
  from: string;
  docName: string;
  headers: RequestHead["headers"];
}

interface CloseNotice {
  code: number;
  reason: string;
}

export interface ClusterOptions {
  redisUrl: string;
  /** Keys and channels are under this prefix, so several deployments can share one Redis. */
  prefix?: string;
  nodeId?: string;
  timings?: LeaseTimings;
  log: (msg: string) => void;
}

export interface ClusterHooks {
  /** Serves a connection forwarded by another node, as if it had arrived here. */
  accept(socket: SyncSocket, head: RequestHead, docName: string): void;
  /** Runs a command on the documents this node owns. */
  run(command: ClusterCommand): void;
  /** Stops serving a shard whose lease was lost: its documents are dropped, their sockets closed. */
  dropShard(isInShard: (docName: string) => boolean): void;
  /** The store's fencing rows (issue 10): a shard taken raises its row first. */
  fences?: FenceStore;
  /** Where this node's HTTP server listens, for requests other nodes forward; null before it listens. */
  localAddress(): { host: string; port: number } | null;
}

const closeFrame = (connId: string, code: number, reason: string): Frame => ({ kind: FRAME.close, connId, payload: jsonPayload({ code, reason } satisfies CloseNotice) });

const SHARD_CACHE_LIMIT = 100_000;
const CLOSED_FORWARDS_KEPT = 5_000;

/** Forwarded for a node's own WebSocket: the headers the owner needs to authenticate the user again. */
const FORWARDED_HEADERS = ["cookie", "origin", "host", "user-agent"] as const;

export async function startClusterNode(opts: ClusterOptions, school: SchoolRepository, hooks: ClusterHooks) {
  const prefix = opts.prefix ?? "journal";
  const nodeId = opts.nodeId ?? randomUUID();
  const timings = opts.timings ?? DEFAULT_LEASE_TIMINGS;
  const redisOptions = { lazyConnect: false, maxRetriesPerRequest: 2, commandTimeout: timings.leaseMs / 4 };
  const commands = new Redis(opts.redisUrl, redisOptions);
  const subscriber = new Redis(opts.redisUrl, { lazyConnect: false });
  const shardCache = new Map<string, string>();

  function shardOf(docName: string): string | null {
    const cached = shardCache.get(docName);
    if (cached !== undefined) return cached;
    const ref = parseDocName(docName);
    let shard: string | null = null;
    if (ref?.kind === "journal") shard = school.pageFacts(ref.pageId)?.classId ?? null;
    else if (ref?.kind === "diary") shard = school.diaryFacts(ref.studentId)?.classId ?? null;
    if (shard !== null) shard = classShard(shard);
    if (ref?.kind === "inbox") shard = `user:${ref.userId}`;
    // Only what exists is remembered (a page made later must get its lease), and only so much.
    if (shard !== null) {
      if (shardCache.size >= SHARD_CACHE_LIMIT) shardCache.clear();
      shardCache.set(docName, shard);
    }
    return shard;
  }

  const leases: ShardLeases = createShardLeases(commands, prefix, nodeId, (shard) => {
    opts.log(`cluster: lease on ${shard} lost, its documents are dropped`);
    hooks.dropShard((name) => shardOf(name) === shard);
  }, timings, hooks.fences);

  /** Owner side: connections other nodes forward to us. */
  const served = new Map<string, RemoteSocket>();
  /** Forwarding side: our clients' sockets whose documents another node owns. */
  const forwarded = new Map<string, { ws: WebSocket; owner: string }>();

  function onFrame(frame: Frame): void {
    if (frame.kind === FRAME.command) return hooks.run(readJson<ClusterCommand>(frame.payload));
    if (frame.kind === FRAME.request || frame.kind === FRAME.reply) return http.onFrame(frame);
    if (frame.kind === FRAME.open) return openServed(frame.connId, readJson<OpenRequest>(frame.payload));
    const remote = served.get(frame.connId);
    const local = forwarded.get(frame.connId);
    if (frame.kind === FRAME.data) {
      remote?.deliver(frame.payload);
      if (local && local.ws.readyState === local.ws.OPEN) local.ws.send(frame.payload);
      if (!remote && !local) closeOrphan(frame.connId);
      return;
    }
    // FRAME.close: the other side is done with this connection.
    const notice = readJson<CloseNotice>(frame.payload);
    if (remote) {
      served.delete(frame.connId);
      remote.gone();
    }
    if (local) {
      forwarded.delete(frame.connId);
      local.ws.close(notice.code, notice.reason);
    }
  }

  /** Connections this node forwarded and has closed, with their owners (the newest few thousand). */
  const closedForwards = new Map<string, string>();
  function rememberClosed(connId: string, owner: string): void {
    if (closedForwards.size >= CLOSED_FORWARDS_KEPT) closedForwards.delete(closedForwards.keys().next().value!);
    closedForwards.set(connId, owner);
  }

  /**
   * Data for a connection this node does not have: the other side missed its close (a frame
   * Redis did not take). It is told again, so it stops serving or holding a connection nobody
   * reads. Only data is answered, never a close, so two nodes cannot bounce frames forever.
   */
  function closeOrphan(connId: string): void {
    const slash = connId.lastIndexOf("/");
    if (slash <= 0) return;
    const forwarder = connId.slice(0, slash);
    const frame = closeFrame(connId, CLOSE_CODES.serverShutdown, "server-shutdown");
    if (forwarder !== nodeId) return bus.send(forwarder, frame);
    const owner = closedForwards.get(connId);
    // Ours, but its owner forgotten (a restart, or too many closed since): whichever node serves it stops.
    if (owner) bus.send(owner, frame);
    else bus.sendAll(frame);
  }

  /** Stops forwarding a client's connection: the owner is told (unless it is gone), the client reconnects. */
  function endForward(connId: string, tellOwner: boolean): void {
    const f = forwarded.get(connId);
    if (!f) return;
    forwarded.delete(connId);
    rememberClosed(connId, f.owner);
    if (tellOwner) bus.send(f.owner, closeFrame(connId, CLOSE_CODES.normal, ""));
    f.ws.close(CLOSE_CODES.serverShutdown, "server-shutdown");
  }

  function openServed(connId: string, req: OpenRequest): void {
    const socket = new RemoteSocket(
      req.from,
      // A message the client never gets would leave its copy behind with nothing to tell it: it reconnects and resyncs.
      (data) => bus.send(req.from, { kind: FRAME.data, connId, payload: data }, () => socket.close(CLOSE_CODES.serverShutdown, "server-shutdown")),
      (code, reason) => {
        served.delete(connId);
        bus.send(req.from, closeFrame(connId, code, reason));
      },
    );
    served.set(connId, socket);
    const shard = shardOf(req.docName);
    // The lease moved while the open was on its way: the client tries again and finds the new owner.
    if (shard !== null && !leases.holds(shard)) return socket.close(CLOSE_CODES.serverShutdown, "server-shutdown");
    try {
      hooks.accept(socket, { headers: req.headers }, req.docName);
    } catch (err) {
      opts.log(`cluster: cannot serve ${req.docName}: ${(err as Error).message}`);
      socket.close(CLOSE_CODES.internalError, "internal");
    }
  }

  const http = createHttpForwarding({ bus: () => bus, nodeId, localAddress: hooks.localAddress, log: opts.log });
  const bus: NodeBus = await createNodeBus(commands, subscriber, prefix, nodeId, onFrame, opts.log);
  // Pub/sub drops what is sent while a link is down: the connections that crossed it resync from scratch.
  subscriber.on("reconnecting", () => closeCrossing());

  function closeCrossing(): void {
    for (const id of [...forwarded.keys()]) endForward(id, true);
    for (const [id, s] of served) (served.delete(id), s.gone());
  }

  /** Connections whose other end is on a node that stopped renewing its heartbeat are closed; their clients reconnect. */
  async function dropDeadPeers(): Promise<void> {
    const nodes = new Set([...[...served.values()].map((s) => s.via), ...[...forwarded.values()].map((f) => f.owner)]);
    for (const node of nodes) {
      if (await leases.isAlive(node).catch(() => true)) continue;
      opts.log(`cluster: node ${node} is gone`);
      http.failAll(`node ${node} is gone`, node);
      for (const [id, s] of served) if (s.via === node) (served.delete(id), s.gone());
      for (const [id, f] of [...forwarded]) if (f.owner === node) endForward(id, false);
    }
  }
  const watcher = setInterval(() => void dropDeadPeers(), timings.renewMs);
  watcher.unref();

  return {
    nodeId,
    shardOf,
    /** Where a new connection to `docName` is served: "local", another node's id, or null when its owner is unreachable now. */
    async route(docName: string): Promise<"local" | string | null> {
      const shard = shardOf(docName);
      return shard === null ? "local" : this.routeShard(shard);
    },
    /** Where the shard's documents are written: "local" (taking its lease when free), another node's id, or null when its owner is unreachable now. */
    async routeShard(shard: string): Promise<"local" | string | null> {
      const owner = await leases.claim(shard);
      if (owner === nodeId) return "local";
      return (await leases.isAlive(owner)) ? owner : null;
    },
    /** Whether a request is one this node replays for another (never forwarded again). */
    isReplay: (headers: IncomingHttpHeaders) => http.isReplay(headers),
    /** Runs an HTTP request that writes a document on the node that owns it. */
    forwardHttp(owner: string, req: ForwardedRequest, body: Buffer): Promise<ForwardedReply> {
      return http.forward(owner, req, body);
    },
    /** Runs a command on the node that owns the shard (here, if this node does); nowhere when none does. */
    async onShard(shard: string, command: ClusterCommand): Promise<void> {
      if (leases.holds(shard)) return hooks.run(command);
      const owner = await leases.holder(shard);
      if (owner !== null) bus.send(owner, { kind: FRAME.command, connId: "", payload: jsonPayload(command) });
    },
    /** Pipes a client's socket to the node that owns its document. */
    forward(ws: WebSocket, head: RequestHead, docName: string, owner: string): void {
      const connId = `${nodeId}/${randomUUID()}`;
      const headers: RequestHead["headers"] = {};
      for (const h of FORWARDED_HEADERS) if (head.headers[h] !== undefined) headers[h] = head.headers[h] as string;
      forwarded.set(connId, { ws, owner });
      // What the owner never got (the open, an edit) is sent again by the client when it reconnects.
      const lost = () => endForward(connId, true);
      bus.send(owner, { kind: FRAME.open, connId, payload: jsonPayload({ from: nodeId, docName, headers } satisfies OpenRequest) }, lost);
      ws.binaryType = "nodebuffer";
      ws.on("message", (data: Buffer) => bus.send(owner, { kind: FRAME.data, connId, payload: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }, lost));
      ws.on("close", () => endForward(connId, true));
      ws.on("error", () => ws.terminate());
    },
    /** Runs a command where the shard is served: here, on its owner, or nowhere when no node has it loaded. */
    async notify(command: RefreshCommand): Promise<void> {
      const doc = documentOf(command);
      if (doc === null) return this.everywhere(command);
      const shard = shardOf(doc);
      if (shard === null) return;
      if (leases.holds(shard)) return hooks.run(command);
      const owner = await leases.holder(shard);
      if (owner !== null) bus.send(owner, { kind: FRAME.command, connId: "", payload: jsonPayload(command) });
    },
    /** True on the one node that first asks for `key` within `ttlMs` (a night's backup of a shared file, say). */
    async once(key: string, ttlMs: number): Promise<boolean> {
      return (await commands.set(`${prefix}:once:${key}`, nodeId, "PX", ttlMs, "NX")) === "OK";
    },
    /** Runs a command on every node, this one included. */
    everywhere(command: ClusterCommand): void {
      bus.sendAll({ kind: FRAME.command, connId: "", payload: jsonPayload(command) });
    },
    /** The shard of a document this node writes, with its lease's fencing token (see ShardLeases.token). */
    fenceOf(docName: string): { shard: string; token: number } | null {
      const shard = shardOf(docName);
      return shard === null ? null : { shard, token: leases.token(shard) };
    },
    /** Whether this node may write the document (it holds its shard). */
    owns(docName: string): boolean {
      const shard = shardOf(docName);
      return shard === null || leases.holds(shard);
    },
    /** Gives up the shards none of whose documents is loaded here any more. */
    async releaseIdle(isLoaded: (shard: string) => boolean): Promise<void> {
      for (const shard of leases.held()) if (!isLoaded(shard)) await leases.release(shard).catch(() => undefined);
    },
    /** Student moved class, page reassigned: where their documents belong is looked up again. */
    forgetShards(): void {
      shardCache.clear();
    },
    /** Closes the connections this node forwards or serves for others (their clients reconnect elsewhere). */
    disconnect(): void {
      clearInterval(watcher);
      http.failAll("this node is stopping");
      for (const id of [...forwarded.keys()]) endForward(id, true);
      for (const s of served.values()) s.close(CLOSE_CODES.serverShutdown, "server-shutdown");
      served.clear();
    },
    /** Gives up every lease: call only once everything this node accepted is stored. */
    async stop(): Promise<void> {
      this.disconnect();
      await bus.stop();
      await leases.stop();
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}

export type ClusterNode = Awaited<ReturnType<typeof startClusterNode>>;
