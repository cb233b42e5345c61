/**
 * Serves the built client from dist/. Hashed assets are immutable; index.html
 * and the service worker are always revalidated. Unknown paths fall back to
 * index.html (the app routes by hash).
 */
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { extname, join, normalize, relative, sep } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./respond.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
};

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === ".vite" ? [] : listFiles(root, full);
    return ["/" + relative(root, full).split(sep).join("/")];
  });
}

export function createStaticFiles(root: string) {
  const available = existsSync(join(root, "index.html"));
  const appFiles = available ? ["/", ...listFiles(root).filter((f) => f !== "/index.html" && f !== "/sw.js")] : [];

  return {
    available,
    serve(req: IncomingMessage, res: ServerResponse, pathname: string): void {
      if (pathname === "/app-files.json") return sendJson(res, 200, appFiles);
      if (!available) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        res.end("The client is not built: run `npm run build`.");
        return;
      }
      let decoded = pathname;
      try {
        decoded = decodeURIComponent(pathname);
      } catch {
        // a malformed escape is just an unknown path
      }
      let file = normalize(join(root, decoded));
      if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) file = join(root, "index.html");
      const immutable = pathname.startsWith("/assets/");
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
      if (req.method === "HEAD") return void res.end();
      createReadStream(file).pipe(res);
    },
  };
}
