/**
 * Who entered a mark, as a diary shows it ("Кузнецова А.И."): asked for on
 * every accepted edit, so remembered for a while instead of queried each time.
 * A renamed teacher shows under the new name within `ttlMs`.
 */
export function createNameCache(lookup: (userId: string) => string, ttlMs = 60_000, now: () => number = Date.now): (userId: string) => string {
  const cache = new Map<string, { name: string; until: number }>();
  return (userId) => {
    const hit = cache.get(userId);
    const t = now();
    if (hit && hit.until > t) return hit.name;
    const name = lookup(userId);
    // Schools have at most a few hundred staff; the bound only guards against a runaway caller.
    if (cache.size > 10_000) cache.clear();
    cache.set(userId, { name, until: t + ttlMs });
    return name;
  };
}
