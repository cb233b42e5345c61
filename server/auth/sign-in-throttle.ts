/**
 * Sign-in rate limiting and lockout: after 5 failures for one login within
 * 15 minutes the login is locked for 15 minutes, whether or not it exists (no
 * user enumeration); one address gets 30 attempts per 5 minutes. Kept in
 * memory: a restart forgets it. In a cluster (issue 10) every attempt,
 * failure and success is also told to the other nodes (`share`), which count
 * it as their own (`apply`): guesses spread over N nodes are not N times as
 * many.
 */
export interface ThrottleVerdict {
  ok: boolean;
  retryAfterSeconds: number;
}

/** What one node tells the others; `at` is that node's clock. */
export type ThrottleEvent =
  | { kind: "attempt"; address: string; at: number }
  | { kind: "failed"; login: string; at: number }
  | { kind: "succeeded"; login: string };

const LOGIN_FAILURES = 5;
const LOGIN_WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
const ADDRESS_ATTEMPTS = 30;
const ADDRESS_WINDOW_MS = 5 * 60_000;

export function createSignInThrottle(now: () => number = Date.now, share: (event: ThrottleEvent) => void = () => {}) {
  const failures = new Map<string, number[]>();
  const lockedUntil = new Map<string, number>();
  const attempts = new Map<string, number[]>();

  const recent = (list: number[] | undefined, windowMs: number, t: number) => (list ?? []).filter((x) => t - x < windowMs);

  function apply(e: ThrottleEvent): void {
    if (e.kind === "attempt") {
      const tries = recent(attempts.get(e.address), ADDRESS_WINDOW_MS, e.at);
      tries.push(e.at);
      attempts.set(e.address, tries);
    } else if (e.kind === "failed") {
      const list = recent(failures.get(e.login), LOGIN_WINDOW_MS, e.at);
      list.push(e.at);
      failures.set(e.login, list);
      if (list.length >= LOGIN_FAILURES) {
        lockedUntil.set(e.login, Math.max(lockedUntil.get(e.login) ?? 0, e.at + LOCK_MS));
        failures.delete(e.login);
      }
    } else failures.delete(e.login);
  }

  function record(e: ThrottleEvent): void {
    apply(e);
    share(e);
  }

  return {
    /** Call before checking the password. */
    check(login: string, address: string): ThrottleVerdict {
      const t = now();
      const until = lockedUntil.get(login) ?? 0;
      if (until > t) return { ok: false, retryAfterSeconds: Math.ceil((until - t) / 1000) };
      const tries = recent(attempts.get(address), ADDRESS_WINDOW_MS, t);
      if (tries.length >= ADDRESS_ATTEMPTS) return { ok: false, retryAfterSeconds: Math.ceil((tries[0]! + ADDRESS_WINDOW_MS - t) / 1000) };
      record({ kind: "attempt", address, at: t });
      return { ok: true, retryAfterSeconds: 0 };
    },
    failed(login: string): void {
      record({ kind: "failed", login, at: now() });
    },
    succeeded(login: string): void {
      record({ kind: "succeeded", login });
    },
    /** Counts what another node saw. */
    apply,
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
