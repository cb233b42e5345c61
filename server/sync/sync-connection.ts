/**
 * One WebSocket on one document: speaks y-protocols sync and awareness and
 * hands every incoming update to the pipeline. Awareness (presence) is shared
 * among the staff on a journal; on a diary it only echoes to its own sender.
 */
import type { SyncSocket } from "./sync-socket.ts";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Actor } from "../../shared/roles.ts";
import type { Access } from "../../shared/permissions.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import type { RefusedChange } from "../../shared/protocol.ts";
import type { LiveDocument } from "../documents/live-document.ts";
import type { Author, UpdatePipeline } from "./handle-client-update.ts";
import { StoreWriteError } from "../storage/commit-queue.ts";
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, awarenessMessage, noticeMessage, syncStep1Message, syncStep2Message, updateMessage } from "./messages.ts";

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
/** At most one resync request per this interval: a client that keeps sending gapped updates must not make us loop. */
const RESYNC_INTERVAL_MS = 1000;

/** Which connection introduced each awareness client of a document. */
const presenceOwners = new WeakMap<LiveDocument, Map<number, SyncConnection>>();
function ownersOf(doc: LiveDocument): Map<number, SyncConnection> {
  let owners = presenceOwners.get(doc);
  if (!owners) presenceOwners.set(doc, (owners = new Map()));
  return owners;
}

/**
 * Presence is sent on in batches: each document's changes of the last
 * PRESENCE_BATCH_MS go to its peers as one message, encoded once. A cursor
 * that follows typing changes with every mark; peers need its latest place,
 * not every step (and a morning of arrivals must not queue edits behind it).
 */
export const PRESENCE_BATCH_MS = 50;
const presenceChanges = new WeakMap<LiveDocument, Set<number>>();

function sharePresence(doc: LiveDocument, clients: Iterable<number>): void {
  let changed = presenceChanges.get(doc);
  if (!changed) {
    presenceChanges.set(doc, (changed = new Set()));
    setTimeout(() => sendPresence(doc), PRESENCE_BATCH_MS);
  }
  for (const id of clients) changed.add(id);
}

function sendPresence(doc: LiveDocument): void {
  const changed = presenceChanges.get(doc);
  presenceChanges.delete(doc);
  // Only clients the document's awareness knows can be encoded (a removed one is sent as removed).
  const known = [...(changed ?? [])].filter((id) => doc.awareness.meta.has(id));
  if (known.length === 0 || doc.peers.size === 0) return;
  const update = awarenessProtocol.encodeAwarenessUpdate(doc.awareness, known);
  for (const peer of doc.peers) peer.sendAwareness(update);
}

/** What a client with this state vector lacks; a new client (empty vector) gets the whole document, encoded once while it is unchanged. */
function diffFor(doc: LiveDocument, stateVector: Uint8Array): Uint8Array {
  if (stateVector.length === 1 && stateVector[0] === 0) return (doc.fullState ??= Y.encodeStateAsUpdate(doc.doc));
  return Y.encodeStateAsUpdate(doc.doc, stateVector);
}

export class SyncConnection implements Author {
  private lastResync = 0;
  private resyncTimer: NodeJS.Timeout | null = null;
  private readonly awarenessClients = new Set<number>();

  constructor(
    private readonly ws: SyncSocket,
    readonly doc: LiveDocument,
    readonly actor: Actor,
    readonly access: Access,
    private readonly pipeline: UpdatePipeline,
    private readonly log: (msg: string) => void,
    /** The session it was opened with: revoking the session closes the socket. */
    readonly sessionId: string,
    /** The name others see in its presence. */
    private readonly displayName: string,
  ) {}

  open(): void {
    this.doc.peers.add(this);
    this.send(syncStep1Message(this.doc.doc));
    if (this.shareAwareness && this.doc.awareness.getStates().size > 0) {
      this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.doc.awareness, [...this.doc.awareness.getStates().keys()])));
    }
  }

  private get shareAwareness(): boolean {
    return this.doc.ref.kind === "journal";
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(message);
  }

  sendUpdate(update: Uint8Array): void {
    this.send(updateMessage(update));
  }

  sendAwareness(update: Uint8Array): void {
    this.send(awarenessMessage(update));
  }

  sendRefusal(changes: RefusedChange[]): void {
    this.send(noticeMessage({ type: "rejected", doc: this.doc.name, serverTime: Date.now(), changes }));
  }

  requestResync(): void {
    const wait = this.lastResync + RESYNC_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.resyncNow();
    // Asked again too soon: ask once more when the interval is over, so no gap is left unfilled.
    this.resyncTimer ??= setTimeout(() => this.resyncNow(), wait);
  }

  private resyncNow(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
    this.lastResync = Date.now();
    this.send(syncStep1Message(this.doc.doc));
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  receive(data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) this.receiveSync(decoder);
      else if (type === MESSAGE_AWARENESS) this.receiveAwareness(decoding.readVarUint8Array(decoder));
      else if (type === MESSAGE_QUERY_AWARENESS) this.sendAwareness(awarenessProtocol.encodeAwarenessUpdate(this.doc.awareness, [...this.doc.awareness.getStates().keys()]));
      else this.close(CLOSE_CODES.malformedMessage, "malformed-message");
    } catch (err) {
      this.log(`closing ${this.doc.name} for user ${this.actor.userId}: ${(err as Error).message}`);
      if (err instanceof StoreWriteError) this.close(CLOSE_CODES.internalError, "internal");
      else this.close(CLOSE_CODES.malformedMessage, "malformed-message");
    }
  }

  private receiveSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    // The reply is computed once queued edits are stored: a reader never sees what might still be lost.
    if (step === SYNC_STEP1) this.pipeline.afterPending(() => this.send(syncStep2Message(diffFor(this.doc, payload))));
    else if (step === SYNC_STEP2 || step === SYNC_UPDATE) this.pipeline.handle(this.doc, this, payload);
    else throw new Error(`unknown sync step ${step}`);
  }

  private receiveAwareness(update: Uint8Array): void {
    if (!this.shareAwareness) {
      // Nobody else may learn who reads a diary; echo so the client's liveness check sees traffic.
      this.sendAwareness(update);
      return;
    }
    const stamped = this.stampPresence(update);
    if (stamped === null) return;
    awarenessProtocol.applyAwarenessUpdate(this.doc.awareness, stamped.update, this);
    sharePresence(this.doc, stamped.clients);
  }

  /**
   * Presence says who someone is, so the server writes it: each state gets the
   * connection's own user, and a connection may only speak for the awareness
   * clients it introduced (never another person's cursor).
   */
  private stampPresence(update: Uint8Array): { update: Uint8Array; clients: number[] } | null {
    const owners = ownersOf(this.doc);
    const decoder = decoding.createDecoder(update);
    const entries: Array<{ id: number; clock: number; state: string }> = [];
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      const id = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const raw = decoding.readVarString(decoder);
      const owner = owners.get(id);
      if (owner !== undefined && owner !== this) continue;
      const state = JSON.parse(raw) as Record<string, unknown> | null;
      if (state !== null && typeof state === "object") state.user = { id: this.actor.userId, name: this.displayName };
      entries.push({ id, clock, state: JSON.stringify(state) });
    }
    if (entries.length === 0) return null;
    // Claimed only once the whole message parsed: a malformed one claims nothing.
    for (const { id } of entries) {
      owners.set(id, this);
      this.awarenessClients.add(id);
    }
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.id);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.state);
    }
    return { update: encoding.toUint8Array(e), clients: entries.map((entry) => entry.id) };
  }

  /** Called once the socket closed. */
  dispose(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.doc.peers.delete(this);
    this.doc.idleSince = Date.now();
    const owners = ownersOf(this.doc);
    for (const id of this.awarenessClients) if (owners.get(id) === this) owners.delete(id);
    // Only clients the document's awareness actually knows can be encoded; a claim whose update never applied has no meta.
    const known = [...this.awarenessClients].filter((id) => this.doc.awareness.meta.has(id));
    if (known.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.doc.awareness, known, this);
      sharePresence(this.doc, known);
    }
  }
}
