/**
 * Issue 10: an HTTP request forwarded to the node owning its class crosses the
 * node bus as one frame, head and body, and is read again where it lands.
 */
import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import { packMessage, unpackMessage } from "../../server/cluster/http-forward.ts";
import { readJson, replayBody } from "../../server/http/read-body.ts";

describe("forwarded HTTP requests (issue 10)", () => {
  it("a request's head and binary body cross in one frame unchanged", () => {
    const body = new Uint8Array([0, 255, 10, 13, 37, 80, 68, 70]);
    const head = { from: "a", req: { method: "POST", url: "/api/lessons/7/attachments", headers: { "x-file-name": "%D0%97.pdf" } } };
    const out = unpackMessage<typeof head>(packMessage(head, body));
    expect(out.head).toEqual(head);
    expect([...out.body]).toEqual([...body]);
  });

  it("an empty body and a truncated frame: the first is kept, the second is an error", () => {
    expect(unpackMessage(packMessage({ status: 204 }, new Uint8Array())).body.byteLength).toBe(0);
    const packed = packMessage({ status: 200, headers: { a: "b" } }, new Uint8Array([1]));
    expect(() => unpackMessage(packed.subarray(0, 6))).toThrow(/short/);
  });

  it("a body read ahead to route the request is read again by its handler", async () => {
    const req = Readable.from([Buffer.from('{"lessonId":'), Buffer.from('"12"}')]) as unknown as IncomingMessage;
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    replayBody(req, Buffer.concat(chunks));
    expect(await readJson(req)).toEqual({ lessonId: "12" });
  });
});
