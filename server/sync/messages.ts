/** Encoders of the y-protocols messages the server sends, plus the JSON notice (docs/protocol.md). */
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";
import { MESSAGE_NOTICE, type Notice } from "../../shared/protocol.ts";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

/** Sync step 2: what the client lacks, `diff` being the document encoded against its state vector. */
export function syncStep2Message(diff: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(e, diff);
  return encoding.toUint8Array(e);
}

/**
 * A broadcast hands the same update to every peer of a document, one after
 * the other: the message is encoded for the first and reused for the rest.
 */
function encodedOnce(encode: (payload: Uint8Array) => Uint8Array): (payload: Uint8Array) => Uint8Array {
  let last: Uint8Array | null = null;
  let message: Uint8Array | null = null;
  return (payload) => {
    if (payload !== last || message === null) {
      message = encode(payload);
      last = payload;
    }
    return message;
  };
}

export const updateMessage = encodedOnce((update) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
});

export const awarenessMessage = encodedOnce((update) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
});

export function noticeMessage(notice: Notice): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_NOTICE);
  encoding.writeVarString(e, JSON.stringify(notice));
  return encoding.toUint8Array(e);
}
