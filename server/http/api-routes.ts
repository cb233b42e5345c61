/** The JSON API (docs/protocol.md). Every route authenticates itself; state-changing ones check Origin. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Me, SignInRequest } from "../../shared/api.ts";
import { authenticate, readCookie } from "../auth/authenticate.ts";
import { SESSION_COOKIE, SESSION_LIFETIME_MS, sessionCookie, type SessionManager } from "../auth/sessions.ts";
import { DUMMY_HASH_PROMISE, verifyPassword } from "../auth/passwords.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import { readJson } from "./read-body.ts";
import { HttpError, sendError, sendJson } from "./respond.ts";
import { originAllowed } from "./origin-check.ts";
import type { SignInThrottle } from "../auth/sign-in-throttle.ts";

export interface ApiDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  throttle: SignInThrottle;
  /** Further route groups, tried in order. */
  extra?: Array<{ handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> }>;
}

/** A1: the routes a user with a first password still to change may use. */
const OPEN_WHILE_PASSWORD_PENDING = new Set(["POST /api/session", "DELETE /api/session", "GET /api/me", "POST /api/password"]);

function isSignIn(body: unknown): body is SignInRequest {
  const b = body as Record<string, unknown> | null;
  return typeof b === "object" && b !== null && typeof b.login === "string" && typeof b.password === "string";
}

export function createApi(deps: ApiDeps) {
  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    if (!isSignIn(body) || body.login.length > 100 || body.password.length > 200) throw new HttpError(400, "bad-request");
    const login = body.login.trim().toLowerCase();
    const allowed = deps.throttle.check(login, req.socket.remoteAddress ?? "?");
    if (!allowed.ok) {
      return sendJson(res, 429, { error: "rate-limited", retryAfterSeconds: allowed.retryAfterSeconds }, { "retry-after": String(allowed.retryAfterSeconds) });
    }
    const user = deps.school.userByLogin(login);
    // Same work whether or not the login exists: no user enumeration by timing.
    const ok = await verifyPassword(body.password, user?.password_hash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok || user.disabled) {
      deps.throttle.failed(login);
      throw new HttpError(401, "invalid-credentials");
    }
    deps.throttle.succeeded(login);
    const session = deps.sessions.create(user.id);
    sendJson(res, 200, { user: deps.school.userInfo(user) }, { "set-cookie": sessionCookie(session.token, SESSION_LIFETIME_MS) });
  }

  function signOut(req: IncomingMessage, res: ServerResponse): void {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) deps.sessions.invalidate(token);
    res.writeHead(204, { "set-cookie": sessionCookie("", 0), "cache-control": "no-store" });
    res.end();
  }

  function me(req: IncomingMessage, res: ServerResponse): void {
    const auth = authenticate(req, deps.sessions, deps.school, { allowPasswordChange: true });
    if (!auth) throw new HttpError(401, "unauthenticated");
    const pending = auth.user.must_change_password === 1;
    const body: Me = {
      user: deps.school.userInfo(auth.user),
      pages: pending ? [] : deps.school.pagesFor(auth.actor),
      diaries: pending ? [] : deps.school.diariesFor(auth.actor, auth.user),
    };
    const headers: Record<string, string> = auth.session.renewed ? { "set-cookie": sessionCookie(auth.token, SESSION_LIFETIME_MS) } : {};
    sendJson(res, 200, body, headers);
  }

  async function tryExtra(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://localhost");
    for (const group of deps.extra ?? []) if (await group.handle(req, res, url)) return true;
    return false;
  }

  /** Returns false when the path is not an API route. */
  async function handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (!pathname.startsWith("/api/")) return false;
    try {
      if (req.method !== "GET" && req.method !== "HEAD" && !originAllowed(req)) throw new HttpError(403, "csrf");
      const route = `${req.method} ${pathname}`;
      if (!OPEN_WHILE_PASSWORD_PENDING.has(route) && authenticate(req, deps.sessions, deps.school, { allowPasswordChange: true })?.user.must_change_password) {
        throw new HttpError(403, "password-change-required");
      }
      if (route === "POST /api/session") await signIn(req, res);
      else if (route === "DELETE /api/session") signOut(req, res);
      else if (route === "GET /api/me") me(req, res);
      else if (!(await tryExtra(req, res))) throw new HttpError(404, "not-found");
    } catch (err) {
      if (err instanceof HttpError) sendError(res, err.status, err.code);
      else {
        console.error(err);
        sendError(res, 500, "internal");
      }
    }
    return true;
  }

  return { handle };
}
