/**
 * The baseline of B2: a plain y-protocols relay, in its own process, with the
 * message format of the real server (`/sync/<name>`, y-protocols sync and
 * awareness), so the same clients drive both. No authentication, no checks,
 * no storage: updates are applied to one in-memory Y.Doc per room and sent to
 * the room's other sockets; awareness is relayed to the whole room.
 *
 * SEED_DB (optional): a journal.sqlite whose stored state a room starts from
 * (read once when the room opens), so clients find the same pages as on the
 * real server. Prints `relay listening on <url>`; answers a line on stdin with
 * `{"relayed": <updates applied>}`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

interface Room {
  doc: Y.Doc;
  conns: Set<WebSocket>;
}

const seed = process.env.SEED_DB ? new Database(process.env.SEED_DB, { readonly: true }) : null;
const rooms = new Map<string, Room>();
let relayed = 0;

function stored(name: string): Uint8Array | null {
  if (!seed) return null;
  const snapshot = seed.prepare("SELECT data, upto_seq FROM doc_snapshots WHERE doc_name = ?").get(name) as { data: Buffer; upto_seq: number } | undefined;
  const rows = seed.prepare("SELECT data FROM doc_updates WHERE doc_name = ? AND seq > ? ORDER BY seq").all(name, snapshot?.upto_seq ?? 0) as Array<{ data: Buffer }>;
  const updates = [...(snapshot ? [snapshot.data] : []), ...rows.map((r) => r.data)].map((b) => new Uint8Array(b));
  return updates.length > 0 ? Y.mergeUpdates(updates) : null;
}

function room(name: string): Room {
  let r = rooms.get(name);
  if (r) return r;
  const doc = new Y.Doc();
  const initial = stored(name);
  if (initial) Y.applyUpdate(doc, initial);
  const created: Room = { doc, conns: new Set() };
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
    const msg = encoding.toUint8Array(e);
    for (const c of created.conns) if (c !== origin && c.readyState === c.OPEN) c.send(msg);
  });
  rooms.set(name, created);
  return created;
}

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server });
wss.on("connection", (ws, req) => {
  const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname.replace(/^\/sync\//, ""));
  const r = room(name);
  r.conns.add(ws);
  const hello = encoding.createEncoder();
  encoding.writeVarUint(hello, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(hello, r.doc);
  ws.send(encoding.toUint8Array(hello));
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const step = syncProtocol.readSyncMessage(decoder, reply, r.doc, ws);
      if (step !== syncProtocol.messageYjsSyncStep1) relayed++;
      if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply));
    } else if (type === MESSAGE_AWARENESS) {
      for (const c of r.conns) if (c.readyState === c.OPEN) c.send(data);
    } else if (type !== MESSAGE_QUERY_AWARENESS) ws.close(4400, "malformed-message");
  });
  ws.on("close", () => r.conns.delete(ws));
});
server.listen(0, "127.0.0.1", () => console.log(`relay listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.stdin.on("data", () => console.log(JSON.stringify({ relayed })));
process.on("SIGTERM", () => process.exit(0));
