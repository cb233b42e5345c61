/** Sends generated files (CSV, PDF, ZIP) as downloads with a Cyrillic-safe file name. */
import type { ServerResponse } from "node:http";

export function contentDispositionFor(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function sendFile(res: ServerResponse, mime: string, name: string, body: string | Uint8Array, inline = false): void {
  const data = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(200, {
    "content-type": mime,
    "content-length": String(data.byteLength),
    "content-disposition": inline ? contentDispositionFor(name).replace(/^attachment/, "inline") : contentDispositionFor(name),
    "cache-control": "private, no-store",
  });
  res.end(data);
}
