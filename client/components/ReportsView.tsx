/** The reports screen (Rep1, Rep2): choose a report, a period, a class or teacher; read it, export it as CSV. */
import { For, Match, onMount, Show, Switch, type JSX } from "solid-js";
import { createReportsStore, type ReportTab } from "../stores/reports-store.ts";
import { reportFiles } from "../sync/report-api.ts";
import type { ReportOptions } from "../../shared/report-api.ts";
import { ClassReportTable } from "./ClassReportTable.tsx";
import { SchoolReportTable } from "./SchoolReportTable.tsx";
import { MonitoringTable } from "./MonitoringTable.tsx";
import "../reports.css";

/** Ar2: a period (or the year) is archived once its last day is over. */
function closed(o: ReportOptions, periodId: string): boolean {
  const end = periodId === "year" ? o.periods.at(-1)?.end : o.periods.find((p) => p.id === periodId)?.end;
  return end !== undefined && end < o.today;
}

const TABS: Array<[ReportTab, string]> = [["class", "Отчёт класса"], ["school", "Сводный по школе"], ["monitoring", "Ведение журналов"]];

export function ReportsView(): JSX.Element {
  const [state, actions] = createReportsStore();
  onMount(() => void actions.init());
  const offered = (tab: ReportTab) => {
    const o = state.options;
    if (!o) return false;
    return tab === "class" ? o.classes.length > 0 : tab === "school" ? o.school : o.teachers.length > 0;
  };
  return (
    <section class="reports">
      <h1>Отчёты</h1>
      <Show when={state.options}>
        {(o) => (
          <>
            <nav class="tabs" aria-label="Вид отчёта">
              <For each={TABS.filter(([t]) => offered(t))}>
                {([tab, label]) => (
                  <button type="button" aria-pressed={state.tab === tab} data-tab={tab} onClick={() => actions.choose({ tab })}>{label}</button>
                )}
              </For>
            </nav>
            <div class="toolbar">
              <Show when={state.tab !== "monitoring"}>
                <label>Период{" "}
                  <select value={state.periodId} onChange={(e) => actions.choose({ periodId: e.currentTarget.value })}>
                    <For each={o().periods}>{(p) => <option value={p.id}>{p.name}</option>}</For>
                    <option value="year">Учебный год</option>
                  </select>
                </label>
              </Show>
              <Show when={state.tab === "class"}>
                <label>Класс{" "}
                  <select value={state.classId} onChange={(e) => actions.choose({ classId: e.currentTarget.value })}>
                    <For each={o().classes}>{(c) => <option value={c.id}>{c.name}</option>}</For>
                  </select>
                </label>
                <a href={reportFiles.classCsv(state.classId, state.periodId)} download="">Скачать CSV</a>
                <a href={reportFiles.classJournalPdf(state.classId, state.periodId)} target="_blank" rel="noopener">Печатный журнал (PDF)</a>
                <Show when={o().archive}>
                  <Show when={closed(o(), state.periodId)} fallback={<span class="muted">Архив — после окончания периода</span>}>
                    <a href={reportFiles.archive(state.classId, state.periodId)} download="" data-testid="archive-link">Архив (ZIP)</a>
                  </Show>
                </Show>
              </Show>
              <Show when={state.tab === "school"}>
                <a href={reportFiles.schoolCsv(state.periodId)} download="">Скачать CSV</a>
              </Show>
              <Show when={state.tab === "monitoring"}>
                <label>Учитель{" "}
                  <select value={state.teacherId} onChange={(e) => actions.choose({ teacherId: e.currentTarget.value })}>
                    <For each={o().teachers}>{(t) => <option value={t.id}>{t.name}</option>}</For>
                  </select>
                </label>
                <label>За{" "}
                  <select value={state.window} onChange={(e) => actions.choose({ window: e.currentTarget.value as "week" | "month" })}>
                    <option value="week">неделю</option>
                    <option value="month">месяц</option>
                  </select>
                </label>
                <label>Дата <input type="date" value={state.date} onChange={(e) => actions.choose({ date: e.currentTarget.value })} /></label>
              </Show>
            </div>
          </>
        )}
      </Show>
      <Show when={state.error}><p class="error" role="alert">{state.error}</p></Show>
      <Show when={state.loading}><p class="loading">Загрузка…</p></Show>
      <Switch>
        <Match when={state.tab === "class" && state.classReport}>{(r) => <ClassReportTable report={r()} today={state.options?.today ?? ""} />}</Match>
        <Match when={state.tab === "school" && state.schoolReport}>{(r) => <SchoolReportTable report={r()} />}</Match>
        <Match when={state.tab === "monitoring" && state.monitoring}>{(r) => <MonitoringTable report={r()} />}</Match>
      </Switch>
    </section>
  );
}
