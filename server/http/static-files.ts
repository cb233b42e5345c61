/**
 * Serves the built client from dist/. Hashed assets are immutable; index.html
 * and the service worker are always revalidated. Unknown paths fall back to
 * index.html (the app routes by hash). `/version.json` names the build being
 * served (written by `vite build`) and how often open tabs ask for it: a tab
 * of an older build offers the new one (client/sync/service-worker.ts).
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, relative, sep } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError, sendJson } from "./respond.ts";

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

/** The build's id, written beside the built files (vite.config.ts). Read at each request: it is what is on disk now. */
const VERSION_FILE = "/version.json";

/** Open tabs ask for the build every 5 minutes by default (and when the window gets the focus or the network returns). */
export const UPDATE_CHECK_SECONDS = 300;

function builtVersion(root: string): string | null {
  try {
    const build = (JSON.parse(readFileSync(join(root, VERSION_FILE), "utf8")) as { build?: unknown }).build;
    return typeof build === "string" ? build : null;
  } catch {
    return null;
  }
}

export function createStaticFiles(root: string, opts: { updateCheckSeconds?: number } = {}) {
  const available = existsSync(join(root, "index.html"));
  // Never precached by the service worker: a cached answer would hide the next deploy.
  const appFiles = available ? ["/", ...listFiles(root).filter((f) => f !== "/index.html" && f !== "/sw.js" && f !== VERSION_FILE)] : [];
  const checkSeconds = opts.updateCheckSeconds ?? UPDATE_CHECK_SECONDS;

  return {
    available,
    serve(req: IncomingMessage, res: ServerResponse, pathname: string): void {
      if (pathname === "/app-files.json") return sendJson(res, 200, appFiles);
      if (pathname === VERSION_FILE) {
        const build = builtVersion(root);
        return build === null ? sendError(res, 404, "not-found") : sendJson(res, 200, { build, checkSeconds });
      }
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
