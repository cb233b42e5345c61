/**
 * What the sync layer needs of a socket: a `ws` WebSocket, or in a cluster
 * the owner's end of a connection another node forwards (RemoteSocket).
 */
import type { IncomingHttpHeaders } from "node:http";

export interface SyncSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: "message", listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: "close", listener: () => void): this;
  on(event: "error", listener: () => void): this;
}

/** The request headers a connection was opened with (forwarded as they were in a cluster). */
export interface RequestHead {
  headers: IncomingHttpHeaders;
}
