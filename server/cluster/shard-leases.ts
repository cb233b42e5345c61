/**
 * Ownership in a cluster: every shard (a school class with its pages and
 * diaries, or one user's inbox) is served by one node at a time, which holds
 * a lease on it in Redis. Only the holder validates, stores and broadcasts
 * the shard's documents, so each update is checked exactly once and a
 * compensation can never be overtaken by a later update of the same document.
 *
 * A lease is renewed well before it expires; a node that cannot confirm a
 * renewal for half the lease time stops serving the shard (`onLost`) before
 * anyone else may take it, so two nodes never write one document.
 */
import type { Redis } from "ioredis";

export interface LeaseTimings {
  /** How long a lease lives without renewal. */
  leaseMs: number;
  /** How often held leases and the node's heartbeat are renewed. */
  renewMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { leaseMs: 10_000, renewMs: 2_000 };

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** The counter never goes below what the store has seen (a Redis that lost its data starts again from there). */
const BUMP = `local v = tonumber(redis.call('get', KEYS[1]) or '0') if v < tonumber(ARGV[1]) then redis.call('set', KEYS[1], ARGV[1]) end return redis.call('incr', KEYS[1])`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export const leaseKey = (prefix: string, shard: string) => `${prefix}:lease:${shard}`;
export const aliveKey = (prefix: string, nodeId: string) => `${prefix}:alive:${nodeId}`;
/** A counter per shard: each new holder's fencing token is one more than the last. */
export const fenceKey = (prefix: string, shard: string) => `${prefix}:fence:${shard}`;

export interface ShardLeases {
  /** This node's id if it holds or could take the shard, else the holder's id. */
  claim(shard: string): Promise<string>;
  /** The holder of a shard, or null when nobody serves it. */
  holder(shard: string): Promise<string | null>;
  holds(shard: string): boolean;
  /**
   * The fencing token of this node's hold on the shard (0 when it does not hold it): the store
   * refuses writes with a token older than the newest it has seen, so a node that was paused
   * past its lease cannot write after the next holder has.
   */
  token(shard: string): number;
  /** Whether a node has renewed its heartbeat recently. */
  isAlive(nodeId: string): Promise<boolean>;
  release(shard: string): Promise<void>;
  held(): string[];
  stop(): Promise<void>;
}

/** The store's side of fencing: the newest token that wrote a shard, and raising it when a shard is taken. */
export interface FenceStore {
  stored(shard: string): number;
  raise(shard: string, token: number): void;
}

export function createShardLeases(
  redis: Redis, prefix: string, nodeId: string, onLost: (shard: string) => void, timings: LeaseTimings = DEFAULT_LEASE_TIMINGS, fences?: FenceStore,
): ShardLeases {
  /** shard → when its lease was last confirmed (ms since epoch). */
  const held = new Map<string, number>();
  const tokens = new Map<string, number>();
  let stopped = false;

  async function heartbeat(): Promise<void> {
    await redis.set(aliveKey(prefix, nodeId), "1", "PX", timings.leaseMs);
  }

  let renewing = false;

  async function renewAll(): Promise<void> {
    // A slow Redis must not pile renewals up.
    if (renewing) return;
    renewing = true;
    try {
      await heartbeat().catch(() => undefined);
      // All at once: one by one, the last of many shards would be renewed (or given up) too late.
      await Promise.all([...held.keys()].map(async (shard) => {
        const asked = Date.now();
        try {
          const ok = (await redis.eval(RENEW, 1, leaseKey(prefix, shard), nodeId, String(timings.leaseMs))) as number;
          if (ok === 1) held.set(shard, asked);
          else lose(shard);
        } catch {
          // Redis unreachable: holds() already treats a stale lease as lost; here it is given up.
          if (!fresh(shard)) lose(shard);
        }
      }));
    } finally {
      renewing = false;
    }
  }

  /** Confirmed recently enough that nobody else can have taken it: well inside the lease time. */
  function fresh(shard: string): boolean {
    const confirmed = held.get(shard);
    return confirmed !== undefined && Date.now() - confirmed < timings.leaseMs / 2;
  }

  function lose(shard: string): void {
    if (!held.delete(shard)) return;
    // With its token still known, so that what was queued is stored (unless a newer holder has written).
    onLost(shard);
    tokens.delete(shard);
  }

  /** A new token for a shard just taken, raised in the store before any of its documents is loaded. */
  async function takeToken(shard: string): Promise<number> {
    let token = (await redis.incr(fenceKey(prefix, shard))) as number;
    const stored = fences?.stored(shard) ?? 0;
    if (stored >= token) token = Number(await redis.eval(BUMP, 1, fenceKey(prefix, shard), String(stored)));
    fences?.raise(shard, token);
    return token;
  }

  const timer = setInterval(() => void renewAll(), timings.renewMs);
  timer.unref();
  // Redis may be slow to answer at start: claims wait for the first heartbeat, and a failure is retried by the timer.
  const ready = heartbeat().catch(() => undefined);

  return {
    async claim(shard) {
      await ready;
      if (fresh(shard)) return nodeId;
      const now = Date.now();
      const took = await redis.set(leaseKey(prefix, shard), nodeId, "PX", timings.leaseMs, "NX");
      const owner = took === "OK" ? nodeId : await redis.get(leaseKey(prefix, shard));
      // Taken now, or ours from before a restart of this process under the same id: a new token either way.
      if (owner === nodeId) {
        tokens.set(shard, await takeToken(shard));
        held.set(shard, now);
        return nodeId;
      }
      return owner ?? (await this.claim(shard));
    },
    async holder(shard) {
      if (fresh(shard)) return nodeId;
      return redis.get(leaseKey(prefix, shard));
    },
    holds: (shard) => fresh(shard),
    // Not tied to freshness: a stall must not fail this node's batches; the store's fence is what guards.
    token: (shard) => tokens.get(shard) ?? 0,
    async isAlive(id) {
      if (id === nodeId) return !stopped;
      return (await redis.exists(aliveKey(prefix, id))) === 1;
    },
    async release(shard) {
      tokens.delete(shard);
      if (!held.delete(shard)) return;
      await redis.eval(RELEASE, 1, leaseKey(prefix, shard), nodeId);
    },
    held: () => [...held.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      const shards = [...held.keys()];
      held.clear();
      for (const shard of shards) await redis.eval(RELEASE, 1, leaseKey(prefix, shard), nodeId).catch(() => 0);
      await redis.del(aliveKey(prefix, nodeId)).catch(() => 0);
    },
  };
}
