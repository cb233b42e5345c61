/**
 * CSRF and cross-site WebSocket hijacking: a browser always sends Origin on
 * state-changing and WebSocket requests; it must name this very host.
 * Non-browser clients (tests, scripts) send none and rely on the cookie alone.
 */
import type { IncomingMessage } from "node:http";

export function originAllowed(req: Pick<IncomingMessage, "headers">): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
