/**
 * WebSocket close codes of the sync endpoint. 44xx codes are final: a stock
 * y-websocket provider (>= 3.1) does not reconnect after them; 1001, 1011 and
 * 1013 are not (server going away, store failure, rate limit).
 * The close reason is always the matching ErrorCode.
 */
export const CLOSE_CODES = {
  normal: 1000,
  serverShutdown: 1001,
  /** The server could not store an update: reconnect and resend (nothing was accepted). */
  internalError: 1011,
  malformedMessage: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  unknownDocument: 4404,
  messageTooLarge: 4413,
  /** Too many messages: not final, so a legitimate client reconnects after its back-off. */
  rateLimited: 1013,
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;

export function isFinalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}
