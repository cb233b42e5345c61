/*
 * The offline app shell. Installs the built files of its build (named by
 * ?build=), serves navigations from the network and falls back to the cached
 * shell, serves hashed assets from the cache. A new version waits until the
 * page asks it to take over: nobody loses an open editor to a silent reload.
 * The API, the sync socket and /version.json (which names the build the
 * server has now) are never cached.
 */
const BUILD = new URL(self.location.href).searchParams.get("build") || "dev";
const CACHE = `zhurnal-shell-${BUILD}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const files = await (await fetch("/app-files.json", { cache: "no-store" })).json();
      await cache.addAll(files);
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("zhurnal-shell-") && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/sync") || url.pathname === "/version.json") return;
  if (req.mode === "navigate") {
    event.respondWith(
      (async () => {
        try {
          return await fetch(req);
        } catch {
          const cache = await caches.open(CACHE);
          return (await cache.match("/")) || Response.error();
        }
      })(),
    );
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(req);
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok && url.pathname.startsWith("/assets/")) await cache.put(req, res.clone());
      return res;
    })(),
  );
});
