/**
 * Registers the offline app shell (client/public/sw.js) and reports a waiting
 * new version.
 *
 * A deploy reaches a tab that stays open: the tab asks the server which build
 * it serves (`/version.json`) every few minutes (the server says how often),
 * when the window gets the focus and when the network returns. A build other
 * than its own is registered as the shell's new worker, which installs beside
 * the running one and waits: the tab offers it (UpdateOffer), never reloads
 * by itself.
 */
let waiting: ServiceWorker | null = null;
const listeners: Array<() => void> = [];

/** Until the server says otherwise. */
const DEFAULT_CHECK_SECONDS = 300;

function announce(worker: ServiceWorker | null): void {
  if (!worker || !navigator.serviceWorker.controller) return;
  waiting = worker;
  listeners.forEach((fn) => fn());
}

const workerUrl = (build: string) => `/sw.js?build=${encodeURIComponent(build)}`;

/** The build the server serves now and how often to ask again; null offline or without a built client. */
async function servedBuild(): Promise<{ build: string; checkSeconds: number } | null> {
  try {
    const res = await fetch("/version.json", { cache: "no-store" });
    if (!res.ok) return null;
    const body = (await res.json()) as { build?: unknown; checkSeconds?: unknown };
    if (typeof body.build !== "string" || body.build === "") return null;
    return { build: body.build, checkSeconds: typeof body.checkSeconds === "number" && body.checkSeconds > 0 ? body.checkSeconds : DEFAULT_CHECK_SECONDS };
  } catch {
    return null;
  }
}

function watchForDeploys(): void {
  let seconds = DEFAULT_CHECK_SECONDS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    clearTimeout(timer);
    try {
      const served = await servedBuild();
      if (served) seconds = served.checkSeconds;
      // Registering the same new build again changes nothing; a failed install is tried again.
      if (served && served.build !== __BUILD_ID__) await navigator.serviceWorker.register(workerUrl(served.build));
    } catch {
      // The new worker could not be fetched or installed now: the next check tries again.
    } finally {
      checking = false;
      timer = setTimeout(() => void check(), seconds * 1000);
    }
  };
  addEventListener("focus", () => void check());
  addEventListener("online", () => void check());
  // The first answer also says how often to ask.
  void check();
}

export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  void navigator.serviceWorker.register(workerUrl(__BUILD_ID__)).then((reg) => {
    announce(reg.waiting);
    reg.addEventListener("updatefound", () => {
      const worker = reg.installing;
      worker?.addEventListener("statechange", () => worker.state === "installed" && announce(worker));
    });
    watchForDeploys();
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // Only after the teacher asked for the update.
    if (waiting && !reloading) {
      reloading = true;
      location.reload();
    }
  });
}

export function onUpdateWaiting(fn: () => void): void {
  listeners.push(fn);
  if (waiting) fn();
}

export function activateUpdate(): void {
  waiting?.postMessage({ type: "SKIP_WAITING" });
}
