/** Who is signed in. [state, actions]; the sync module does the I/O. */
import { createStore } from "solid-js/store";
import type { Me } from "../../shared/api.ts";
import { ApiError, loadMe, signIn, signOut } from "../sync/api.ts";
import { errorText } from "../i18n/error-text.ts";

export interface SessionState {
  status: "loading" | "signed-out" | "signed-in";
  me: Me | null;
  /** Started from the cached profile: the server was not reachable. */
  offline: boolean;
  error: string | null;
  busy: boolean;
}

export function createSessionStore() {
  const [state, setState] = createStore<SessionState>({ status: "loading", me: null, offline: false, error: null, busy: false });

  const actions = {
    async init(): Promise<void> {
      const result = await loadMe();
      if (result.kind === "signed-in") setState({ status: "signed-in", me: result.me, offline: result.offline, error: null });
      else setState({ status: "signed-out", me: null, offline: false });
    },
    async signIn(login: string, password: string): Promise<void> {
      setState({ busy: true, error: null });
      try {
        const me = await signIn({ login, password });
        setState({ status: "signed-in", me, offline: false, busy: false });
      } catch (err) {
        const code = err instanceof ApiError ? err.code : "internal";
        const wait = err instanceof ApiError && err.retryAfterSeconds > 0 ? ` Повторите через ${Math.ceil(err.retryAfterSeconds / 60)} мин.` : "";
        setState({ busy: false, error: err instanceof ApiError ? errorText(code) + wait : "Нет связи с сервером." });
      }
    },
    async signOut(): Promise<void> {
      await signOut();
      setState({ status: "signed-out", me: null });
    },
    /** The server said the session is over (a 4401 close). */
    expired(): void {
      setState({ status: "signed-out", me: null, error: errorText("unauthenticated") });
    },
  };
  return [state, actions] as const;
}

export type SessionStore = ReturnType<typeof createSessionStore>;
