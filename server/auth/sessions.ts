/**
 * Sessions in the Lucia style, as its author now teaches them with
 * @oslojs/crypto and @oslojs/encoding: a random token goes to the browser in
 * an httpOnly SameSite=Lax cookie, only its SHA-256 is stored; expiry slides.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { randomBytes } from "node:crypto";
import type { SessionRepository } from "../storage/session-repository.ts";

export const SESSION_COOKIE = "session";

/** The Set-Cookie value that carries a session token (an empty one with 0 ends it). */
export function sessionCookie(token: string, maxAgeMs: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(maxAgeMs / 1000)}`;
}
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
const RENEW_WHEN_LEFT_MS = 15 * DAY;

export interface ValidSession {
  id: string;
  userId: number;
  expiresAt: number;
  /** True when the expiry moved and the cookie should be sent again. */
  renewed: boolean;
}

export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

export function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function createSessionManager(repo: SessionRepository, now: () => number = Date.now) {
  return {
    create(userId: number): { token: string; expiresAt: number } {
      const token = generateSessionToken();
      const expiresAt = now() + SESSION_LIFETIME_MS;
      repo.insert({ id: sessionIdOf(token), user_id: userId, expires_at: expiresAt });
      return { token, expiresAt };
    },

    validate(token: string): ValidSession | null {
      const id = sessionIdOf(token);
      const row = repo.get(id);
      if (!row) return null;
      const t = now();
      if (t >= row.expires_at) {
        repo.delete(id);
        return null;
      }
      if (row.expires_at - t < RENEW_WHEN_LEFT_MS) {
        const expiresAt = t + SESSION_LIFETIME_MS;
        repo.extend(id, expiresAt);
        return { id, userId: row.user_id, expiresAt, renewed: true };
      }
      return { id, userId: row.user_id, expiresAt: row.expires_at, renewed: false };
    },

    invalidate(token: string): void {
      repo.delete(sessionIdOf(token));
    },

    /** By stored id (not token): for sockets that outlive their session. */
    isValid(id: string): boolean {
      const row = repo.get(id);
      return row !== undefined && row.expires_at > now();
    },

    revokeAll(userId: number): void {
      repo.deleteForUser(userId);
    },
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
