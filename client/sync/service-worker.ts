/** Registers the offline app shell (client/public/sw.js) and reports a waiting new version. */
let waiting: ServiceWorker | null = null;
const listeners: Array<() => void> = [];

function announce(worker: ServiceWorker | null): void {
  if (!worker || !navigator.serviceWorker.controller) return;
  waiting = worker;
  listeners.forEach((fn) => fn());
}

export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  void navigator.serviceWorker.register(`/sw.js?build=${__BUILD_ID__}`).then((reg) => {
    announce(reg.waiting);
    reg.addEventListener("updatefound", () => {
      const worker = reg.installing;
      worker?.addEventListener("statechange", () => worker.state === "installed" && announce(worker));
    });
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
