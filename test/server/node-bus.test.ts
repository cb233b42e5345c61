/**
 * Issue 10: the node bus over a real Redis. Frames cross between nodes
 * unchanged; a frame Redis did not take is reported to its sender, which
 * closes the forwarded connection it belonged to (its client reconnects and
 * resyncs), rather than leaving that client's copy silently behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { REDIS_BINARY, startRedis, type RedisProcess } from "../support/redis-server.ts";
import { createNodeBus, FRAME, type Frame } from "../../server/cluster/node-bus.ts";
import { until } from "../support/clients.ts";

let redis: RedisProcess;
const connections: Redis[] = [];
const connect = () => {
  const r = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  connections.push(r);
  return r;
};

beforeAll(async () => {
  if (REDIS_BINARY) redis = await startRedis();
});
afterAll(async () => {
  for (const r of connections) r.disconnect();
  await redis?.stop();
});

describe.skipIf(!REDIS_BINARY)("the node bus (issue 10)", () => {
  it("a frame crosses unchanged; one Redis did not take is reported to its sender, the others are not", async () => {
    const received: Frame[] = [];
    const logs: string[] = [];
    const publisher = connect();
    const a = await createNodeBus(publisher, connect(), "t", "a", () => undefined, (m) => logs.push(m));
    const b = await createNodeBus(connect(), connect(), "t", "b", (f) => received.push(f), (m) => logs.push(m));
    const lost: Error[] = [];
    a.send("b", { kind: FRAME.data, connId: "a/1", payload: new Uint8Array([0, 1, 255]) }, (err) => lost.push(err));
    await until(() => received.length === 1, "the first frame");
    expect(received[0]!.kind).toBe(FRAME.data);
    expect(received[0]!.connId).toBe("a/1");
    expect([...received[0]!.payload]).toEqual([0, 1, 255]);

    // The link to Redis is gone: the next frame cannot be published.
    publisher.disconnect();
    a.send("b", { kind: FRAME.data, connId: "a/1", payload: new Uint8Array([2]) }, (err) => lost.push(err));
    await until(() => lost.length === 1, "the failure reported");
    expect(lost[0]!.message).toMatch(/closed/i);
    expect(logs.some((l) => l.startsWith("cluster: publish failed"))).toBe(true);
    expect(received).toHaveLength(1);
    await b.stop();
    await a.stop();
  });
});
