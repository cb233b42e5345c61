/**
 * Sign-in rate limiting and lockout: after 5 failures for one login within
 * 15 minutes the login is locked for 15 minutes, whether or not it exists (no
 * user enumeration); one address gets 30 attempts per 5 minutes. Kept in
 * memory: a restart forgets it, and each server process counts its own.
 */
export interface ThrottleVerdict {
  ok: boolean;
  retryAfterSeconds: number;
}

const LOGIN_FAILURES = 5;
const LOGIN_WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
const ADDRESS_ATTEMPTS = 30;
const ADDRESS_WINDOW_MS = 5 * 60_000;

export function createSignInThrottle(now: () => number = Date.now) {
  const failures = new Map<string, number[]>();
  const lockedUntil = new Map<string, number>();
  const attempts = new Map<string, number[]>();

  const recent = (list: number[] | undefined, windowMs: number, t: number) => (list ?? []).filter((x) => t - x < windowMs);

  return {
    /** Call before checking the password. */
    check(login: string, address: string): ThrottleVerdict {
      const t = now();
      const until = lockedUntil.get(login) ?? 0;
      if (until > t) return { ok: false, retryAfterSeconds: Math.ceil((until - t) / 1000) };
      const tries = recent(attempts.get(address), ADDRESS_WINDOW_MS, t);
      if (tries.length >= ADDRESS_ATTEMPTS) return { ok: false, retryAfterSeconds: Math.ceil((tries[0]! + ADDRESS_WINDOW_MS - t) / 1000) };
      tries.push(t);
      attempts.set(address, tries);
      return { ok: true, retryAfterSeconds: 0 };
    },
    failed(login: string): void {
      const t = now();
      const list = recent(failures.get(login), LOGIN_WINDOW_MS, t);
      list.push(t);
      failures.set(login, list);
      if (list.length >= LOGIN_FAILURES) {
        lockedUntil.set(login, t + LOCK_MS);
        failures.delete(login);
      }
    },
    succeeded(login: string): void {
      failures.delete(login);
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
