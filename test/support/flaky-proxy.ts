/**
 * A TCP proxy on loopback that delays chunks (keeping their order) and cuts
 * connections at random: a bad school Wi-Fi between clients and the server.
 */
import net from "node:net";
import type { AddressInfo } from "node:net";
import { createRandom } from "./random.ts";

export interface FlakyProxy {
  url: string;
  cuts: () => number;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: { host: string; port: number }, seed: number, opts = { maxDelayMs: 40, cutChance: 0.02 }): Promise<FlakyProxy> {
  const rnd = createRandom(seed);
  const sockets = new Set<net.Socket>();
  let cuts = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const cut = () => {
      cuts++;
      client.destroy();
      upstream.destroy();
    };
    const relay = (from: net.Socket, to: net.Socket) => {
      let chain = Promise.resolve();
      from.on("data", (chunk) => {
        chain = chain.then(
          () =>
            new Promise<void>((done) =>
              setTimeout(() => {
                if (rnd.chance(opts.cutChance)) cut();
                else if (!to.destroyed) to.write(chunk);
                done();
              }, rnd.int(opts.maxDelayMs)),
            ),
        );
      });
      from.on("close", () => void chain.then(() => to.destroy()));
      from.on("error", () => to.destroy());
    };
    relay(client, upstream);
    relay(upstream, client);
    client.on("close", () => sockets.delete(client));
    upstream.on("close", () => sockets.delete(upstream));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cuts: () => cuts,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
