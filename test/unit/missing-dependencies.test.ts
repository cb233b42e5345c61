import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { hasMissingDependencies } from "../../server/validation/missing-dependencies.ts";

function step(doc: Y.Doc, fn: () => void): Uint8Array {
  const sv = Y.encodeStateVector(doc);
  fn();
  return Y.encodeStateAsUpdate(doc, sv);
}

describe("updates with missing dependencies are detected before they are applied", () => {
  it("an update that follows one the server has not got is missing its dependencies", () => {
    const client = new Y.Doc();
    const u1 = step(client, () => client.getMap("cells").set("a", 1));
    const u2 = step(client, () => client.getMap("cells").set("b", 2));
    const server = new Y.Doc();
    expect(hasMissingDependencies(server, u2)).toBe(true);
    expect(hasMissingDependencies(server, u1)).toBe(false);
    Y.applyUpdate(server, u1);
    expect(hasMissingDependencies(server, u2)).toBe(false);
  });

  it("an item whose origin belongs to another client's unseen content is missing its dependencies", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const ua = step(a, () => a.getArray("x").insert(0, ["a"]));
    Y.applyUpdate(b, ua);
    const ub = step(b, () => b.getArray("x").insert(1, ["b"]));
    expect(hasMissingDependencies(new Y.Doc(), ub)).toBe(true);
  });

  it("a deletion of content the server has not seen is missing its dependencies", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const ua = step(a, () => a.getMap("cells").set("k", 1));
    Y.applyUpdate(b, ua);
    const ub = step(b, () => b.getMap("cells").delete("k"));
    const server = new Y.Doc();
    expect(hasMissingDependencies(server, ub)).toBe(true);
    Y.applyUpdate(server, ua);
    expect(hasMissingDependencies(server, ub)).toBe(false);
  });

  it("a merged update that contains its own dependencies is complete", () => {
    const client = new Y.Doc();
    const u1 = step(client, () => client.getMap("cells").set("a", 1));
    const u2 = step(client, () => client.getMap("cells").set("a", 2));
    expect(hasMissingDependencies(new Y.Doc(), Y.mergeUpdates([u1, u2]))).toBe(false);
    expect(hasMissingDependencies(new Y.Doc(), Y.mergeUpdates([u2]))).toBe(true);
  });

  it("garbage is reported by throwing, not by a verdict", () => {
    expect(() => hasMissingDependencies(new Y.Doc(), new Uint8Array([255, 255, 255, 255, 1, 2, 3]))).toThrow();
  });
});
