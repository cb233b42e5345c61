/**
 * Messages of the sync endpoint beyond the standard y-protocols ones
 * (0 sync, 1 awareness, 2 auth, 3 query awareness). See docs/protocol.md.
 */
import type { ErrorCode } from "./errors.ts";

/** A JSON notice from the server: varUint(100) then varString(JSON of a Notice). */
export const MESSAGE_NOTICE = 100;

export const SYNC_PATH = "/sync";

export interface RefusedChange {
  /** `cells` key, `lessons/<id>/<field>`, or the path of a structural change. */
  target: string;
  code: ErrorCode;
  /** The refused value, for the author's eyes only. */
  attempted: unknown;
}

export type Notice = { type: "rejected"; doc: string; serverTime: number; changes: RefusedChange[] };
