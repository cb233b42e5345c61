/** Ar1: the printed journal of one page and period, for the browser's print layout. [state, actions]; client/sync does the I/O. */
import { createStore } from "solid-js/store";
import type { PrintedJournal } from "../../shared/report-api.ts";
import { reportApi } from "../sync/report-api.ts";
import { ApiError } from "../sync/api.ts";
import { errorText } from "../i18n/error-text.ts";

export function createPrintedJournalStore(pageId: string, periodId: string) {
  const [state, setState] = createStore<{ journal: PrintedJournal | null; error: string | null }>({ journal: null, error: null });
  const actions = {
    async load(): Promise<void> {
      try {
        setState({ journal: await reportApi.printedJournal(pageId, periodId), error: null });
      } catch (err) {
        setState({ error: err instanceof ApiError ? errorText(err.code) : "Нет связи с сервером." });
      }
    },
  };
  return [state, actions] as const;
}
