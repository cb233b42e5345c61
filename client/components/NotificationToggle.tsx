/** D2: the family turns browser notifications of new marks and absences on or off (off by default). */
import { createSignal, Show, type JSX } from "solid-js";
import { notificationSetting, setNotifications } from "../sync/notifications.ts";

export function NotificationToggle(): JSX.Element {
  const [setting, setSetting] = createSignal(notificationSetting());
  const toggle = async (on: boolean) => setSetting(await setNotifications(on));
  return (
    <Show when={setting() !== "unsupported"}>
      <label class="notify-toggle">
        <input type="checkbox" data-testid="notify-toggle" checked={setting() === "on"} disabled={setting() === "denied"} onChange={(e) => void toggle(e.currentTarget.checked)} />
        Уведомлять о новых отметках и пропусках
        <Show when={setting() === "denied"}><span class="muted"> (запрещено в настройках браузера)</span></Show>
      </label>
    </Show>
  );
}
