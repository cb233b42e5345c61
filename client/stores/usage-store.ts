/** A4: the classes whose diary usage this user may see, and the table of one. */
import { createStore } from "solid-js/store";
import type { DiaryUsage } from "../../shared/diary-usage.ts";
import { ApiError } from "../sync/api.ts";
import { loadDiaryUsage, loadUsageClasses } from "../sync/usage-api.ts";

export interface UsageState {
  classes: Array<{ classId: string; className: string }>;
  table: DiaryUsage | null;
  error: string | null;
  loading: boolean;
}

export function createUsageStore() {
  const [state, setState] = createStore<UsageState>({ classes: [], table: null, error: null, loading: false });
  const fail = (err: unknown) => setState({ error: err instanceof ApiError ? err.code : "needs-network", loading: false });
  const actions = {
    async load(classId: string | null): Promise<void> {
      setState({ loading: true, error: null });
      try {
        const { classes } = await loadUsageClasses();
        setState("classes", classes);
        const chosen = classId ?? classes[0]?.classId ?? null;
        setState({ table: chosen ? await loadDiaryUsage(chosen) : null, loading: false });
      } catch (err) {
        fail(err);
      }
    },
  };
  return [state, actions] as const;
}
