/** The reports screen: what may be asked, what is chosen, the loaded report. [state, actions]; client/sync does the I/O. */
import { createStore } from "solid-js/store";
import type { ClassReportResponse, MonitoringResponse, ReportOptions, SchoolReportResponse } from "../../shared/report-api.ts";
import { reportApi } from "../sync/report-api.ts";
import { ApiError } from "../sync/api.ts";
import { errorText } from "../i18n/error-text.ts";

export type ReportTab = "class" | "school" | "monitoring";

export interface ReportsState {
  options: ReportOptions | null;
  tab: ReportTab;
  periodId: string;
  classId: string;
  teacherId: string;
  window: "week" | "month";
  date: string;
  loading: boolean;
  error: string | null;
  classReport: ClassReportResponse | null;
  schoolReport: SchoolReportResponse | null;
  monitoring: MonitoringResponse | null;
}

export function createReportsStore() {
  const [state, setState] = createStore<ReportsState>({
    options: null, tab: "class", periodId: "", classId: "", teacherId: "", window: "week", date: "",
    loading: false, error: null, classReport: null, schoolReport: null, monitoring: null,
  });

  const fail = (err: unknown) => setState({ loading: false, error: err instanceof ApiError ? errorText(err.code) : "Нет связи с сервером." });

  const actions = {
    async init(): Promise<void> {
      setState({ loading: true, error: null });
      try {
        const options = await reportApi.options();
        const current = options.periods.find((p) => p.start <= options.today && options.today <= p.end) ?? options.periods.at(-1);
        const tab: ReportTab = options.classes.length > 0 ? "class" : options.school ? "school" : "monitoring";
        setState({
          options, tab, periodId: current?.id ?? "", classId: options.classes[0]?.id ?? "", teacherId: options.teachers[0]?.id ?? "",
          date: options.today, loading: false,
        });
        await actions.load();
      } catch (err) {
        fail(err);
      }
    },
    async load(): Promise<void> {
      setState({ loading: true, error: null });
      try {
        if (state.tab === "class" && state.classId) setState({ classReport: await reportApi.classReport(state.classId, state.periodId) });
        else if (state.tab === "school") setState({ schoolReport: await reportApi.schoolReport(state.periodId) });
        else if (state.tab === "monitoring" && state.teacherId) setState({ monitoring: await reportApi.monitoring(state.teacherId, state.window, state.date) });
        setState({ loading: false });
      } catch (err) {
        fail(err);
      }
    },
    choose(patch: Partial<Pick<ReportsState, "tab" | "periodId" | "classId" | "teacherId" | "window" | "date">>): void {
      setState(patch);
      void actions.load();
    },
  };
  return [state, actions] as const;
}
