/** Rep1 school-wide on screen: one line per class and the school's totals. */
import { For, type JSX } from "solid-js";
import type { SchoolReportResponse } from "../../shared/report-api.ts";
import type { SchoolClassLine } from "../../shared/reports.ts";

function Figures(props: { line: Omit<SchoolClassLine, "classId" | "className"> }): JSX.Element {
  const l = () => props.line;
  return (
    <>
      <td class="num">{l().students}</td>
      <td class="num">{l().markedStudents}</td>
      <td class="num">{l().counts["5"]}</td>
      <td class="num">{l().counts["4"]}</td>
      <td class="num">{l().counts["3"]}</td>
      <td class="num">{l().counts["2"]}</td>
      <td class="num">{l().qualityPercent}</td>
      <td class="num">{l().successPercent}</td>
      <td class="num">{l().singleThree}</td>
      <td class="num">{l().singleFour}</td>
      <td class="num">{l().atRisk}</td>
      <td class="num">{l().absences.Н}</td>
      <td class="num">{l().absences.Б}</td>
      <td class="num">{l().absences.У}</td>
    </>
  );
}

export function SchoolReportTable(props: { report: SchoolReportResponse }): JSX.Element {
  return (
    <table class="report-table" data-testid="school-report">
      <caption>{props.report.schoolName}: {props.report.period.name}</caption>
      <thead>
        <tr>
          <th scope="col">Класс</th><th scope="col">Учащихся</th><th scope="col">Аттестовано</th>
          <th scope="col">«5»</th><th scope="col">«4»</th><th scope="col">«3»</th><th scope="col">«2»</th>
          <th scope="col">Качество, %</th><th scope="col">Успеваемость, %</th><th scope="col">С одной «3»</th><th scope="col">С одной «4»</th>
          <th scope="col">Группа риска</th><th scope="col">Н</th><th scope="col">Б</th><th scope="col">У</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.report.classes}>{(c) => <tr><th scope="row">{c.className}</th><Figures line={c} /></tr>}</For>
      </tbody>
      <tfoot>
        <tr><th scope="row">Итого по школе</th><Figures line={props.report.totals} /></tr>
      </tfoot>
    </table>
  );
}
