/**
 * D2: optional browser notifications of new marks and absences. Off by
 * default; the browser's permission is asked only when the user turns them
 * on, and they stay off if it is refused. They work while the app is open
 * (a tab in the background included); there is no push server.
 */
const SETTING = "zhurnal:notifications";

export type NotificationSetting = "on" | "off" | "denied" | "unsupported";

function supported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

export function notificationSetting(): NotificationSetting {
  if (!supported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return localStorage.getItem(SETTING) === "on" && Notification.permission === "granted" ? "on" : "off";
}

export function notificationsEnabled(): boolean {
  return notificationSetting() === "on";
}

/** Turns notifications on (asking the browser's permission now, not before) or off. */
export async function setNotifications(on: boolean): Promise<NotificationSetting> {
  if (!supported()) return "unsupported";
  if (!on) {
    localStorage.setItem(SETTING, "off");
    return "off";
  }
  const permission = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
  localStorage.setItem(SETTING, permission === "granted" ? "on" : "off");
  return notificationSetting();
}

export function notify(title: string, body: string, tag: string): void {
  if (!notificationsEnabled()) return;
  try {
    new Notification(title, { body, tag, lang: "ru" });
  } catch {
    // Some browsers allow notifications only from a service worker; the highlight in the diary remains.
  }
}
