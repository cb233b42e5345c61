/**
 * D4: the weekly printed report for families who refuse the electronic diary:
 * one student's week, day by day (subjects, topics, homework, marks with
 * their work type, absences), and per subject the week's marks, the period's
 * weighted average and the forecast period mark (D3).
 */
import type { Period } from "../../shared/journal-schema.ts";
import { suggestedMark, weightedAverage, roundAverage, type WeightedMark } from "../../shared/averages.ts";
import { ddmm, ddmmyyyy } from "../../shared/print-layout.ts";
import { addDays, monitoringWindow } from "../../shared/timeliness.ts";
import type { PageSnapshot } from "../reports/page-reader.ts";
import { PdfWriter } from "../pdf/pdf-document.ts";

export interface WeeklyLesson {
  slot: number;
  subject: string;
  topic: string;
  homework: string;
  /** "5 (Контрольная работа)" */
  marks: string[];
  absence: string;
}

export interface WeeklyReport {
  schoolName: string;
  studentName: string;
  className: string;
  classTeacherName: string;
  week: { from: string; to: string };
  days: Array<{ date: string; lessons: WeeklyLesson[] }>;
  period: Period | null;
  subjects: Array<{ subject: string; weekMarks: string[]; average: string; forecast: string }>;
  printedOn: string;
}

export interface WeeklyFacts {
  schoolName: string;
  studentName: string;
  className: string;
  classTeacherName: string;
  printedOn: string;
}

const WEEKDAYS = ["Воскресенье", "Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота"];
const weekday = (iso: string) => WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()]!;

export function buildWeeklyReport(pages: readonly PageSnapshot[], studentId: string, date: string, facts: WeeklyFacts): WeeklyReport {
  const week = monitoringWindow("week", date);
  const byDay = new Map<string, WeeklyLesson[]>();
  const periods = pages[0]?.meta.periods ?? [];
  const period = periods.find((p) => p.start <= week.to && week.from <= p.end) ?? null;
  const subjects: WeeklyReport["subjects"] = [];
  for (const page of pages) {
    const workType = new Map(page.meta.rules.workTypes.map((w) => [w.id, w]));
    const mine = new Map(page.cells.filter((c) => c.studentId === studentId).map((c) => [c.columnId, c.entry]));
    const weekMarks: string[] = [];
    const periodMarks: WeightedMark[] = [];
    for (const lesson of page.lessons) {
      const entry = mine.get(lesson.id);
      if (period && entry?.workType && lesson.date >= period.start && lesson.date <= period.end && lesson.date <= week.to) {
        periodMarks.push({ value: entry.value, weight: workType.get(entry.workType)?.weight ?? 1 });
      }
      if (lesson.date < week.from || lesson.date > week.to) continue;
      const isAbsence = entry !== undefined && !entry.workType;
      const mark = entry?.workType ? `${entry.value} (${workType.get(entry.workType)?.name ?? entry.workType})` : null;
      if (mark) weekMarks.push(entry!.value);
      const lessons = byDay.get(lesson.date) ?? [];
      const own = lesson.individualHomework[studentId];
      // J2: homework set for this student alone belongs on the paper diary too.
      const homework = own ? [lesson.homework, `Лично: ${own}`].filter((h) => h !== "").join("; ") : lesson.homework;
      lessons.push({ slot: lesson.slot, subject: page.meta.subjectName, topic: lesson.topic, homework, marks: mark ? [mark] : [], absence: isAbsence ? entry.value : "" });
      byDay.set(lesson.date, lessons);
    }
    const avg = weightedAverage(periodMarks);
    subjects.push({ subject: page.meta.subjectName, weekMarks, average: avg === null ? "" : roundAverage(avg).toFixed(2).replace(".", ","), forecast: suggestedMark(avg) ?? "" });
  }
  const days: WeeklyReport["days"] = [];
  for (let d = week.from; d <= week.to; d = addDays(d, 1)) {
    const lessons = byDay.get(d);
    if (lessons) days.push({ date: d, lessons: lessons.sort((a, b) => a.slot - b.slot) });
  }
  return { ...facts, week, days, period, subjects };
}

export function weeklyReportPdf(r: WeeklyReport, createdAt: Date): Promise<Buffer> {
  const w = new PdfWriter({ layout: "portrait", title: `Отчёт об успеваемости: ${r.studentName}, ${ddmm(r.week.from)}–${ddmm(r.week.to)}`, createdAt });
  w.text(r.schoolName, 8);
  w.heading("Еженедельный отчёт об успеваемости и посещаемости", 13);
  w.text(`Ученик: ${r.studentName}, ${r.className} класс. Неделя: ${ddmmyyyy(r.week.from)} — ${ddmmyyyy(r.week.to)}.`, 10).gap(6);
  const width = w.width;
  for (const day of r.days) {
    w.ensureSpace(60).text(`${weekday(day.date)}, ${ddmmyyyy(day.date)}`, 10, true).gap(2);
    w.table(
      [
        { header: "Урок", width: 28, align: "center" },
        { header: "Предмет", width: 90 },
        { header: "Тема урока", width: Math.round((width - 28 - 90 - 110 - 40) * 0.55) },
        { header: "Домашнее задание", width: width - 28 - 90 - 110 - 40 - Math.round((width - 28 - 90 - 110 - 40) * 0.55) },
        { header: "Отметки", width: 110 },
        { header: "Пропуск", width: 40, align: "center" },
      ],
      day.lessons.map((l) => [String(l.slot), l.subject, l.topic, l.homework, l.marks.join(", "), l.absence]),
      { fontSize: 8 },
    );
    w.gap(6);
  }
  if (r.days.length === 0) w.text("На этой неделе уроков не было.", 10);
  w.gap(6).ensureSpace(60).text(r.period ? `Итоги по предметам (${r.period.name})` : "Итоги по предметам", 10, true).gap(2);
  w.table(
    [
      { header: "Предмет", width: 160 },
      { header: "Отметки за неделю", width: 140, align: "center" },
      { header: "Средний балл за период", width: 110, align: "center" },
      { header: "Прогноз отметки за период", width: width - 410, align: "center" },
    ],
    r.subjects.map((s) => [s.subject, s.weekMarks.join(", "), s.average, s.forecast]),
    { fontSize: 8 },
  );
  w.gap(8).text("Н — отсутствовал без уважительной причины, Б — по болезни, У — по уважительной причине. Средний балл учитывает вес вида работы.", 7);
  w.gap(14).ensureSpace(60).text(`Классный руководитель ______________________ / ${r.classTeacherName} /        ${ddmmyyyy(r.printedOn)}`, 9);
  w.gap(10).text("С отчётом ознакомлен(а), родитель (законный представитель) ______________________ / ______________________ /", 9);
  return w.finish((n, total) => `${r.studentName}, ${ddmm(r.week.from)}–${ddmm(r.week.to)}. Страница ${n} из ${total}`);
}
