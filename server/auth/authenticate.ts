/**
 * Lifecycle step 1: from a request's cookie to the acting user. Used by the
 * HTTP API and by the WebSocket upgrade alike.
 */
import type { IncomingMessage } from "node:http";
import type { Actor } from "../../shared/roles.ts";
import type { SchoolRepository, UserRow } from "../storage/school-repository.ts";
import { SESSION_COOKIE, type SessionManager, type ValidSession } from "./sessions.ts";

export interface Authenticated {
  user: UserRow;
  actor: Actor;
  session: ValidSession;
  token: string;
}

export function readCookie(req: Pick<IncomingMessage, "headers">, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/**
 * A1: a user who still has to change a first password is not let in (null),
 * unless the caller is one of the few routes that serve the change itself
 * (`allowPasswordChange`).
 */
export function authenticate(req: Pick<IncomingMessage, "headers">, sessions: SessionManager, school: SchoolRepository, opts: { allowPasswordChange?: boolean } = {}): Authenticated | null {
  const token = readCookie(req, SESSION_COOKIE);
  if (!token) return null;
  const session = sessions.validate(token);
  if (!session) return null;
  const user = school.userById(session.userId);
  if (!user || user.disabled) return null;
  if (user.must_change_password && !opts.allowPasswordChange) return null;
  return { user, actor: school.actor(user), session, token };
}
