/** Rep1 for one class on screen: the summary of period marks, the figures, the lists, absences. */
import { For, Show, type JSX } from "solid-js";
import type { ClassReportResponse } from "../../shared/report-api.ts";
import { reportFiles } from "../sync/report-api.ts";

/** `today` (school date) picks the week of the D4 printed report. */
export function ClassReportTable(props: { report: ClassReportResponse; today: string }): JSX.Element {
  const name = (id: string) => props.report.students.find((s) => s.id === id)?.name ?? id;
  const total = (id: string) => props.report.attendance.find((a) => a.studentId === id)?.total ?? { Н: 0, Б: 0, У: 0 };
  const m = () => props.report.marks;
  return (
    <div class="report">
      <table class="report-table" data-testid="class-report">
        <caption>Сводная ведомость успеваемости: {props.report.period.name}</caption>
        <thead>
          <tr>
            <th scope="col">№</th>
            <th scope="col">Ученик</th>
            <For each={props.report.subjects}>
              {(s) => <th scope="col">{s.subjectName} <a class="no-print" href={`#/print/${s.pageId}/${props.report.period.id}`} title="Печатная форма страницы">⎙</a></th>}
            </For>
            <th scope="col" title="Пропуски без уважительной причины">Н</th>
            <th scope="col" title="Пропуски по болезни">Б</th>
            <th scope="col" title="Пропуски по уважительной причине">У</th>
            <th scope="col" class="no-print">Отчёт за неделю</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.report.students}>
            {(s, i) => (
              <tr>
                <td>{i() + 1}</td>
                <th scope="row">{s.name}</th>
                <For each={props.report.subjects}>{(sub) => <td class="num">{m().table[s.id]?.[sub.pageId] ?? ""}</td>}</For>
                <td class="num">{total(s.id).Н}</td>
                <td class="num">{total(s.id).Б}</td>
                <td class="num">{total(s.id).У}</td>
                <td class="no-print"><a href={reportFiles.weeklyPdf(s.id, props.today)} target="_blank" rel="noopener">PDF</a></td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="muted">В скобках — прогноз по средневзвешенному баллу, если отметка за период ещё не выставлена.</p>
      <dl class="figures">
        <dt>«5» / «4» / «3» / «2»</dt>
        <dd>{m().counts["5"]} / {m().counts["4"]} / {m().counts["3"]} / {m().counts["2"]}</dd>
        <dt>Качество знаний</dt>
        <dd data-testid="quality">{m().qualityPercent} %</dd>
        <dt>Успеваемость</dt>
        <dd data-testid="success">{m().successPercent} %</dd>
        <dt>С одной «3»</dt>
        <dd>{m().singleThree.map((x) => `${name(x.studentId)} (${x.subject})`).join(", ") || "—"}</dd>
        <dt>С одной «4»</dt>
        <dd>{m().singleFour.map((x) => `${name(x.studentId)} (${x.subject})`).join(", ") || "—"}</dd>
        <dt>Группа риска</dt>
        <dd>
          <Show when={m().atRisk.length > 0} fallback="—">
            {m().atRisk.map((x) => `${name(x.studentId)} (${x.subjects.join(", ")})`).join("; ")}
          </Show>
        </dd>
      </dl>
    </div>
  );
}
