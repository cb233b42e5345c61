/**
 * Ar1: the printed journal as PDF. For each page (class x subject): sheets of
 * the marks and attendance grid, the lessons with topics and homework, the
 * period summary with period marks, and the teacher's signature; the
 * certification block closes the document; every page is numbered.
 */
import type { PrintedJournal } from "../../shared/report-api.ts";
import { ddmm, ddmmyyyy, LESSONS_PER_SHEET, lessonTopic, sheetsOf, studentSummary } from "../../shared/print-layout.ts";
import { PdfWriter, type Column } from "../pdf/pdf-document.ts";

function titleBlock(w: PdfWriter, j: PrintedJournal, sheet: string): void {
  w.text(j.schoolName, 8);
  w.heading(`Классный журнал ${j.className}, ${j.academicYear} учебный год — ${sheet}`, 12);
  w.text(`Предмет: ${j.subjectName}; учитель: ${j.teacherName}; период: ${j.period.name} (${ddmmyyyy(j.period.start)} — ${ddmmyyyy(j.period.end)})`, 9);
  w.gap(4);
}

function gridSheets(w: PdfWriter, j: PrintedJournal): void {
  const sheets = sheetsOf(j.lessons);
  sheets.forEach((lessons, n) => {
    if (n > 0) w.newPage();
    titleBlock(w, j, sheets.length > 1 ? `успеваемость и посещаемость, лист ${n + 1} из ${sheets.length}` : "успеваемость и посещаемость");
    const last = n === sheets.length - 1;
    const periodCols = last ? j.periodColumns : [];
    const lessonWidth = Math.min(24, (w.width - 146 - 34 * j.periodColumns.length) / LESSONS_PER_SHEET);
    const columns: Column[] = [
      { header: "№", width: 16, align: "center" },
      { header: "Фамилия, имя ученика", width: 130 },
      ...lessons.map((l) => ({ header: ddmm(l.date), width: lessonWidth, align: "center" as const })),
      ...periodCols.map((p) => ({ header: p.name, width: 34, align: "center" as const })),
    ];
    const rows = j.students.map((s, i) => [
      String(i + 1),
      s.leftOn ? `${s.name} (выбыл ${ddmm(s.leftOn)})` : s.name,
      ...lessons.map((l) => j.cells[s.id]?.[l.id] ?? ""),
      ...periodCols.map((p) => j.periodMarks[s.id]?.[p.id] ?? ""),
    ]);
    const shaded = new Set(periodCols.map((_, i) => 2 + lessons.length + i));
    w.table(columns, rows, { fontSize: 7, headerFontSize: 6.5, minRowHeight: 12, shaded });
    w.gap(3).text("Н — отсутствовал без уважительной причины, Б — по болезни, У — по уважительной причине; 5/4 — две отметки за урок.", 7);
  });
}

function lessonList(w: PdfWriter, j: PrintedJournal): void {
  w.newPage();
  titleBlock(w, j, "темы уроков и домашние задания");
  const rest = w.width - 22 - 54 - 26;
  w.table(
    [
      { header: "№", width: 22, align: "center" },
      { header: "Дата", width: 54, align: "center" },
      { header: "Урок", width: 26, align: "center" },
      { header: "Тема урока", width: Math.round(rest * 0.55) },
      { header: "Домашнее задание", width: rest - Math.round(rest * 0.55) },
    ],
    j.lessons.map((l, i) => [String(i + 1), ddmmyyyy(l.date), String(l.slot), lessonTopic(l), l.homework]),
    { fontSize: 8 },
  );
}

function summary(w: PdfWriter, j: PrintedJournal): void {
  w.gap(10).ensureSpace(80).heading("Итоги периода", 11);
  const columns: Column[] = [
    { header: "№", width: 22, align: "center" },
    { header: "Фамилия, имя ученика", width: 180 },
    { header: "Отметок", width: 50, align: "center" },
    { header: "Средний балл", width: 60, align: "center" },
    { header: "Пропущено: Н", width: 60, align: "center" },
    { header: "Б", width: 40, align: "center" },
    { header: "У", width: 40, align: "center" },
    ...j.periodColumns.map((p) => ({ header: `Отметка: ${p.name}`, width: 70, align: "center" as const })),
  ];
  w.table(columns, j.students.map((s, i) => {
    const sum = studentSummary(j, s.id);
    return [String(i + 1), s.name, String(sum.marks), sum.average, String(sum.absences.Н), String(sum.absences.Б), String(sum.absences.У), ...j.periodColumns.map((p) => j.periodMarks[s.id]?.[p.id] ?? "")];
  }), { fontSize: 8 });
  w.gap(8).ensureSpace(30).text(`Уроков проведено: ${j.lessons.length}. Учащихся: ${j.students.length}.`, 9);
  w.gap(6).text(`Учитель ______________________ / ${j.teacherName} /`, 9);
}

/** The certification block (R2: the director certifies printouts; 000 6, 001 4: kept in the archive). */
export function certification(w: PdfWriter, facts: { directorName: string; printedOn: string; what: string }): void {
  w.gap(14).ensureSpace(110).heading("Заверение", 11);
  w.text(`${facts.what} распечатан из электронного журнала ${ddmmyyyy(facts.printedOn)}. Сведения соответствуют электронному журналу. Количество страниц указано в нижнем колонтитуле.`, 9);
  w.gap(10).text(`Директор ______________________ / ${facts.directorName || "                    "} /        Дата «____» ______________ 20___ г.`, 9);
  w.gap(10).text("М. П.", 9);
}

/** Draws one page's sections into a document (a class's printout holds several). */
export function renderJournalPage(w: PdfWriter, j: PrintedJournal): void {
  gridSheets(w, j);
  lessonList(w, j);
  summary(w, j);
}

export function journalPdf(j: PrintedJournal, createdAt: Date): Promise<Buffer> {
  const w = new PdfWriter({ layout: "landscape", title: `Классный журнал ${j.className} — ${j.subjectName} — ${j.period.name}`, createdAt });
  renderJournalPage(w, j);
  certification(w, { directorName: j.directorName, printedOn: j.printedOn, what: `Журнал ${j.className} по предмету «${j.subjectName}» за период «${j.period.name}»` });
  return w.finish((n, total) => `${j.className} — ${j.subjectName} — ${j.period.name}. Страница ${n} из ${total}`);
}

/** Every page of a class for the period in one document, each subject from a new sheet. */
export function classJournalPdf(className: string, journals: PrintedJournal[], createdAt: Date, facts: { directorName: string; printedOn: string; periodName: string }): Promise<Buffer> {
  const w = new PdfWriter({ layout: "landscape", title: `Классный журнал ${className} — ${facts.periodName}`, createdAt });
  journals.forEach((j, i) => {
    if (i > 0) w.newPage();
    renderJournalPage(w, j);
  });
  certification(w, { ...facts, what: `Классный журнал ${className} за период «${facts.periodName}»` });
  return w.finish((n, total) => `Классный журнал ${className} — ${facts.periodName}. Страница ${n} из ${total}`);
}
