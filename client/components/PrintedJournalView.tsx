/**
 * Ar1: the journal page for a period as the browser prints it, laid out like
 * the server's PDF (shared/print-layout.ts): grid sheets of marks and
 * attendance, topics and homework, the period's summary, the certification.
 */
import { For, onMount, Show, type JSX } from "solid-js";
import type { PrintedJournal } from "../../shared/report-api.ts";
import { ddmm, ddmmyyyy, lessonTopic, sheetsOf, studentSummary } from "../../shared/print-layout.ts";
import { createPrintedJournalStore } from "../stores/printed-journal-store.ts";
import { reportFiles } from "../sync/report-api.ts";
import "../reports.css";

function Title(props: { j: PrintedJournal; sheet: string }): JSX.Element {
  return (
    <header class="print-title">
      <div class="school">{props.j.schoolName}</div>
      <h2>Классный журнал {props.j.className}, {props.j.academicYear} учебный год — {props.sheet}</h2>
      <p>Предмет: {props.j.subjectName}; учитель: {props.j.teacherName}; период: {props.j.period.name} ({ddmmyyyy(props.j.period.start)} — {ddmmyyyy(props.j.period.end)})</p>
    </header>
  );
}

function GridSheets(props: { j: PrintedJournal }): JSX.Element {
  const sheets = () => sheetsOf(props.j.lessons);
  return (
    <For each={sheets()}>
      {(lessons, n) => {
        const last = () => n() === sheets().length - 1;
        return (
          <section class="sheet" data-testid="print-sheet">
            <Title j={props.j} sheet={sheets().length > 1 ? `успеваемость и посещаемость, лист ${n() + 1} из ${sheets().length}` : "успеваемость и посещаемость"} />
            <table class="print-grid">
              <thead>
                <tr>
                  <th>№</th><th class="name">Фамилия, имя ученика</th>
                  <For each={lessons}>{(l) => <th>{ddmm(l.date)}</th>}</For>
                  <Show when={last()}><For each={props.j.periodColumns}>{(p) => <th class="period">{p.name}</th>}</For></Show>
                </tr>
              </thead>
              <tbody>
                <For each={props.j.students}>
                  {(s, i) => (
                    <tr>
                      <td>{i() + 1}</td>
                      <td class="name">{s.leftOn ? `${s.name} (выбыл ${ddmm(s.leftOn)})` : s.name}</td>
                      <For each={lessons}>{(l) => <td>{props.j.cells[s.id]?.[l.id] ?? ""}</td>}</For>
                      <Show when={last()}><For each={props.j.periodColumns}>{(p) => <td class="period">{props.j.periodMarks[s.id]?.[p.id] ?? ""}</td>}</For></Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <p class="legend">Н — отсутствовал без уважительной причины, Б — по болезни, У — по уважительной причине; 5/4 — две отметки за урок.</p>
          </section>
        );
      }}
    </For>
  );
}

export function PrintedJournalView(props: { pageId: string; periodId: string }): JSX.Element {
  const [state, actions] = createPrintedJournalStore(props.pageId, props.periodId);
  onMount(() => void actions.load());
  return (
    <div class="printed-journal">
      <div class="no-print toolbar">
        <button type="button" onClick={() => window.print()}>Печать</button>
        <a href={reportFiles.journalPdf(props.pageId, props.periodId)} target="_blank" rel="noopener">Скачать PDF</a>
        <a href="#/reports">К отчётам</a>
      </div>
      <Show when={state.error}><p class="error" role="alert">{state.error}</p></Show>
      <Show when={state.journal}>
        {(j) => (
          <>
            <GridSheets j={j()} />
            <section class="sheet">
              <Title j={j()} sheet="темы уроков и домашние задания" />
              <table class="print-lessons">
                <thead><tr><th>№</th><th>Дата</th><th>Урок</th><th>Тема урока</th><th>Домашнее задание</th></tr></thead>
                <tbody>
                  <For each={j().lessons}>
                    {(l, i) => <tr><td>{i() + 1}</td><td>{ddmmyyyy(l.date)}</td><td>{l.slot}</td><td>{lessonTopic(l)}</td><td>{l.homework}</td></tr>}
                  </For>
                </tbody>
              </table>
              <h3>Итоги периода</h3>
              <table class="print-lessons">
                <thead>
                  <tr>
                    <th>№</th><th>Фамилия, имя ученика</th><th>Отметок</th><th>Средний балл</th><th>Пропущено: Н</th><th>Б</th><th>У</th>
                    <For each={j().periodColumns}>{(p) => <th>Отметка: {p.name}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={j().students}>
                    {(s, i) => {
                      const sum = studentSummary(j(), s.id);
                      return (
                        <tr>
                          <td>{i() + 1}</td><td>{s.name}</td><td>{sum.marks}</td><td>{sum.average}</td>
                          <td>{sum.absences.Н}</td><td>{sum.absences.Б}</td><td>{sum.absences.У}</td>
                          <For each={j().periodColumns}>{(p) => <td>{j().periodMarks[s.id]?.[p.id] ?? ""}</td>}</For>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
              <p>Уроков проведено: {j().lessons.length}. Учащихся: {j().students.length}.</p>
              <p>Учитель ______________________ / {j().teacherName} /</p>
              <div class="certification" data-testid="certification">
                <h3>Заверение</h3>
                <p>Журнал {j().className} по предмету «{j().subjectName}» за период «{j().period.name}» распечатан из электронного журнала {ddmmyyyy(j().printedOn)}. Сведения соответствуют электронному журналу.</p>
                <p>Директор ______________________ / {j().directorName} /        Дата «____» ______________ 20___ г.</p>
                <p>М. П.</p>
              </div>
            </section>
          </>
        )}
      </Show>
    </div>
  );
}
