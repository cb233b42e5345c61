/** Tells whether edits are on the server or waiting on this device (C1). */
import { createSignal, onCleanup, Show, type JSX } from "solid-js";
import type { ConnectionStatus } from "../sync/open-document.ts";

export function SyncBanner(props: { connection: ConnectionStatus; synced: boolean; unsynced?: number }): JSX.Element {
  const [online, setOnline] = createSignal(navigator.onLine);
  const update = () => setOnline(navigator.onLine);
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  onCleanup(() => {
    window.removeEventListener("online", update);
    window.removeEventListener("offline", update);
  });
  // A short reconnect is not worth a banner; a lasting one is.
  const [lasting, setLasting] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const offline = () => {
    const down = !online() || props.connection !== "connected";
    if (down && !timer) timer = setTimeout(() => setLasting(true), 1500);
    if (!down) {
      clearTimeout(timer);
      timer = undefined;
      if (lasting()) setLasting(false);
    }
    return down && (lasting() || !online());
  };
  onCleanup(() => clearTimeout(timer));
  return (
    <Show when={offline()}>
      <p class="offline-banner" role="status" data-testid="offline-banner">
        Нет связи с сервером — изменения сохранены на этом устройстве и будут отправлены позже.
        <Show when={(props.unsynced ?? 0) > 0}> Ожидают отправки: {props.unsynced}.</Show>
      </p>
    </Show>
  );
}
