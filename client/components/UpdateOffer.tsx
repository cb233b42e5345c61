/** A new version is offered, never forced mid-entry: the service worker waits until the teacher says so. */
import { createSignal, Show, type JSX } from "solid-js";
import { onUpdateWaiting, activateUpdate } from "../sync/service-worker.ts";

export function UpdateOffer(): JSX.Element {
  const [waiting, setWaiting] = createSignal(false);
  onUpdateWaiting(() => setWaiting(true));
  return (
    <Show when={waiting()}>
      <p class="update-offer" role="status">
        Доступна новая версия. <button type="button" onClick={activateUpdate}>Обновить</button>
      </p>
    </Show>
  );
}
