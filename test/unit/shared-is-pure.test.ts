import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const SHARED = resolve(import.meta.dirname, "../../shared");
const ALLOWED = new Set(["yjs"]);

describe("shared/ is the pure domain", () => {
  it("imports nothing but other shared modules and yjs: no I/O, no client or server code", () => {
    const offending: string[] = [];
    for (const file of readdirSync(SHARED).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(join(SHARED, file), "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const spec = m[1]!;
        const ok = (spec.startsWith("./") && !spec.includes("..")) || ALLOWED.has(spec);
        if (!ok) offending.push(`${file}: ${spec}`);
      }
      const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      if (/\b(fetch|process\.|require\(|localStorage|indexedDB|WebSocket|setTimeout|Date\.now)\b/.test(code)) offending.push(`${file}: uses I/O globals`);
    }
    expect(offending).toEqual([]);
  });
});
