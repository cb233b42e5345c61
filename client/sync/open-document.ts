/**
 * Opens one Yjs document the local-first way: IndexedDB first (the page shows
 * at once, also offline), then the sync socket. All edits go through the
 * server (no BroadcastChannel shortcut), which may refuse them. Both get a
 * local edit after the frame that shows it (update-outbox.ts).
 */
import * as Y from "yjs";
import { openLocalStore } from "./local-store.ts";
import { createUpdateOutbox } from "./update-outbox.ts";
import { WebsocketProvider } from "y-websocket";
import * as decoding from "lib0/decoding";
import type { Awareness } from "y-protocols/awareness";
import { MESSAGE_NOTICE, SYNC_PATH, type Notice } from "../../shared/protocol.ts";

export type ConnectionStatus = "connecting" | "connected" | "disconnected";

export interface OpenDocument {
  doc: Y.Doc;
  /** Presence: who else has the document open, and where they are. */
  awareness: Awareness;
  /** Resolves once the local copy is loaded from IndexedDB. */
  loaded: Promise<void>;
  onStatus(fn: (status: ConnectionStatus, synced: boolean) => void): void;
  onNotice(fn: (notice: Notice) => void): void;
  /** A final refusal by the server (44xx close): the reason is an error code. */
  onRefused(fn: (code: number, reason: string) => void): void;
  close(): void;
}

export function openDocument(name: string): OpenDocument {
  const doc = new Y.Doc();
  const { local, loaded: localLoaded } = openLocalStore(`zhurnal:${name}`, doc);
  const base = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${SYNC_PATH}`;
  const provider = new WebsocketProvider(base, name, doc, { disableBc: true, connect: false });
  // Stored and sent after the frame of the keystroke that made them (update-outbox.ts).
  const outbox = createUpdateOutbox(doc, local, provider);
  const statusFns: Array<(s: ConnectionStatus, synced: boolean) => void> = [];
  const noticeFns: Array<(n: Notice) => void> = [];
  const refusedFns: Array<(code: number, reason: string) => void> = [];
  let status: ConnectionStatus = "connecting";

  provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder: decoding.Decoder) => {
    const notice = JSON.parse(decoding.readVarString(decoder)) as Notice;
    for (const fn of noticeFns) fn(notice);
  };
  const emit = () => statusFns.forEach((fn) => fn(status, provider.synced));
  provider.on("status", (e: { status: ConnectionStatus }) => {
    status = e.status;
    emit();
  });
  provider.on("sync", () => emit());
  provider.on("closed", (e: { code: number; reason: string }) => refusedFns.forEach((fn) => fn(e.code, e.reason)));
  // Connect after the local copy is in, so the first sync sends only what the server lacks.
  const loaded = localLoaded.then(() => provider.connect());

  return {
    doc,
    awareness: provider.awareness,
    loaded: loaded.then(() => undefined),
    onStatus: (fn) => {
      statusFns.push(fn);
      fn(status, provider.synced);
    },
    onNotice: (fn) => noticeFns.push(fn),
    onRefused: (fn) => refusedFns.push(fn),
    close() {
      outbox.close();
      provider.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}
