/**
 * The owner's end of a connection forwarded by another node: looks like a
 * WebSocket to the sync layer, and turns sends and closes into frames for the
 * node that holds the real socket.
 */
import { EventEmitter } from "node:events";
import type { SyncSocket } from "../sync/sync-socket.ts";

const OPEN = 1;
const CLOSED = 3;

export class RemoteSocket extends EventEmitter implements SyncSocket {
  readonly OPEN = OPEN;
  readyState: number = OPEN;

  constructor(
    /** The node holding the client's socket. */
    readonly via: string,
    private readonly sendFrame: (data: Uint8Array) => void,
    private readonly closeFrame: (code: number, reason: string) => void,
  ) {
    super();
  }

  send(data: Uint8Array): void {
    if (this.readyState === OPEN) this.sendFrame(data);
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState !== OPEN) return;
    this.readyState = CLOSED;
    this.closeFrame(code, reason);
    this.emit("close", code, reason);
  }

  terminate(): void {
    this.close(1001, "server-shutdown");
  }

  /** A message from the client, through the other node. */
  deliver(data: Uint8Array): void {
    if (this.readyState === OPEN) this.emit("message", Buffer.from(data.buffer, data.byteOffset, data.byteLength), true);
  }

  /** The client (or the node holding it) went away. */
  gone(): void {
    if (this.readyState !== OPEN) return;
    this.readyState = CLOSED;
    this.emit("close", 1001, "");
  }
}
