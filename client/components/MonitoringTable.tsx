/** Rep2 on screen: how one teacher's pages were kept in a week or a month. */
import { For, Show, type JSX } from "solid-js";
import type { EntryKind, MonitoringResponse } from "../../shared/report-api.ts";

const KIND: Record<EntryKind, string> = {
  "attendance": "посещаемость", "oral-mark": "устные отметки", "written-mark": "письменные работы", "essay-mark": "сочинения",
  "topic": "темы уроков", "homework": "домашние задания", "period-mark": "отметки за период",
};

const dm = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;

export function MonitoringTable(props: { report: MonitoringResponse }): JSX.Element {
  const r = () => props.report;
  return (
    <div class="report">
      <table class="report-table" data-testid="monitoring">
        <caption>{r().teacherName}: {dm(r().window.from)}–{dm(r().window.to)}{r().period ? `, ${r().period!.name}` : ""}</caption>
        <thead>
          <tr>
            <th scope="col">Страница</th><th scope="col">Уроков</th><th scope="col">Без темы</th><th scope="col">Без д/з</th>
            <th scope="col">Мало отметок</th><th scope="col">Непроверенные работы</th><th scope="col">Записи с опозданием</th>
          </tr>
        </thead>
        <tbody>
          <For each={r().pages}>
            {(p) => (
              <tr>
                <th scope="row">{p.className} — {p.subjectName}</th>
                <td class="num">{p.lessons}</td>
                <td class="num" title={p.withoutTopic.map((l) => dm(l.date)).join(", ")}>{p.withoutTopic.length}</td>
                <td class="num" title={p.withoutHomework.map((l) => dm(l.date)).join(", ")}>{p.withoutHomework.length}</td>
                <td class="num" title={p.fewMarks?.students.map((s) => `${s.name}: ${s.count}`).join(", ") ?? ""}>
                  {p.fewMarks === null ? "—" : p.fewMarks.students.length}
                </td>
                <td class="num" title={p.testsUnmarked.map((t) => `${dm(t.date)} ${t.topic}: ${t.unmarked}`).join("; ")}>{p.testsUnmarked.length}</td>
                <td class="num" title={Object.entries(p.late.byKind).map(([k, n]) => `${KIND[k as EntryKind]}: ${n}`).join(", ")}>{p.late.count}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Итого</th>
            <td class="num">{r().totals.lessons}</td><td class="num">{r().totals.withoutTopic}</td><td class="num">{r().totals.withoutHomework}</td>
            <td class="num">{r().totals.fewMarks}</td><td class="num">{r().totals.testsUnmarked}</td><td class="num">{r().totals.late}</td>
          </tr>
        </tfoot>
      </table>
      <Show when={r().pages.some((p) => p.late.entries.length > 0)}>
        <h2>Записи с опозданием</h2>
        <ul class="late-list">
          <For each={r().pages.flatMap((p) => p.late.entries.map((e) => ({ page: `${p.className} — ${p.subjectName}`, e })))}>
            {(x) => (
              <li>
                {x.page}: {KIND[x.e.kind]}{x.e.lessonDate ? ` за ${dm(x.e.lessonDate)}` : ""}, внесено {new Date(x.e.madeAt).toLocaleString("ru-RU")} ({x.e.by}),
                срок — {x.e.deadline}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
