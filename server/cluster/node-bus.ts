/**
 * The nodes of a cluster talk over Redis pub/sub, one channel per node. A
 * frame is a kind byte, a connection id and a payload, so a client's sync
 * messages cross unchanged (binary) between the node it reached and the node
 * that owns its document. Pub/sub keeps each publisher's order, which is all
 * the sync protocol needs; a lost link, or a frame Redis did not take, closes
 * the forwarded connections it concerns and their clients resync on reconnect;
 * a close that was lost is sent again when data for that connection arrives. An HTTP request that writes a document
 * crosses as one request frame and comes back as one reply frame.
 */
import type { Redis } from "ioredis";

export const FRAME = { open: 1, data: 2, close: 3, command: 4, request: 5, reply: 6 } as const;
export type FrameKind = (typeof FRAME)[keyof typeof FRAME];

export interface Frame {
  kind: FrameKind;
  /** The forwarded connection or HTTP request (cluster-unique), or "" for a command. */
  connId: string;
  payload: Uint8Array;
}

export const nodeChannel = (prefix: string, nodeId: string) => `${prefix}:node:${nodeId}`;
/** Every node listens here too, for what concerns them all (a rules change, a disabled account). */
export const allChannel = (prefix: string) => `${prefix}:all`;

export function encodeFrame(frame: Frame): Buffer {
  const id = Buffer.from(frame.connId, "utf8");
  if (id.byteLength > 255) throw new Error("connection id too long");
  const out = Buffer.allocUnsafe(2 + id.byteLength + frame.payload.byteLength);
  out[0] = frame.kind;
  out[1] = id.byteLength;
  id.copy(out, 2);
  out.set(frame.payload, 2 + id.byteLength);
  return out;
}

export function decodeFrame(buf: Buffer): Frame | null {
  if (buf.byteLength < 2) return null;
  const kind = buf[0] as FrameKind;
  if (!Object.values(FRAME).includes(kind)) return null;
  const idLength = buf[1]!;
  if (buf.byteLength < 2 + idLength) return null;
  return {
    kind,
    connId: buf.toString("utf8", 2, 2 + idLength),
    payload: new Uint8Array(buf.buffer, buf.byteOffset + 2 + idLength, buf.byteLength - 2 - idLength),
  };
}

export const jsonPayload = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), "utf8"));
export const readJson = <T>(payload: Uint8Array): T => JSON.parse(Buffer.from(payload).toString("utf8")) as T;

export interface NodeBus {
  /** `lost` runs when Redis did not take the frame, or no node listened: what it carried may never arrive. */
  send(toNode: string, frame: Frame, lost?: (err: Error) => void): void;
  /** To every node, this one included. */
  sendAll(frame: Frame): void;
  stop(): Promise<void>;
}

/** `publisher` and `subscriber` must be two connections: a subscribed Redis connection can do nothing else. */
export async function createNodeBus(
  publisher: Redis, subscriber: Redis, prefix: string, nodeId: string, onFrame: (frame: Frame) => void, log: (msg: string) => void,
): Promise<NodeBus> {
  const own = nodeChannel(prefix, nodeId);
  const all = allChannel(prefix);
  subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => {
    const name = channel.toString();
    if (name !== own && name !== all) return;
    const frame = decodeFrame(message);
    if (!frame) return log("cluster: malformed frame ignored");
    try {
      onFrame(frame);
    } catch (err) {
      log(`cluster: frame failed: ${(err as Error).message}`);
    }
  });
  await subscriber.subscribe(own, all);
  const publish = (channel: string, frame: Frame, lost?: (err: Error) => void) =>
    void publisher.publish(channel, encodeFrame(frame)).then(
      // Nobody listening (a node reconnecting to Redis, or gone): the frame is gone too.
      (receivers) => (receivers === 0 && lost ? lost(new Error(`nobody listens on ${channel}`)) : undefined),
      (err: Error) => {
        log(`cluster: publish failed: ${err.message}`);
        lost?.(err);
      },
    );
  return {
    send: (toNode, frame, lost) => publish(nodeChannel(prefix, toNode), frame, lost),
    sendAll: (frame) => publish(all, frame),
    async stop() {
      await subscriber.unsubscribe(own, all).catch(() => undefined);
    },
  };
}
