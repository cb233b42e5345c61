/**
 * A token bucket per connection: a burst is fine (a teacher pasting a block,
 * a reconnect flushing offline edits), a flood is not.
 */
export interface TokenBucket {
  take(): boolean;
}

export function createTokenBucket(perSecond: number, burst: number, now: () => number = Date.now): TokenBucket {
  let tokens = burst;
  let last = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * perSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
