/**
 * Ar1 and D4: the printed journal of the demo school's 5А mathematics page for
 * the second quarter, and a student's weekly report, rendered by the server
 * as PDF and read back with a PDF text extractor: their text and page count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractText, getDocumentProxy } from "unpdf";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, setRules, signIn } from "../support/clients.ts";
import { writePage, type PageContext } from "../support/demo-entries.ts";
import { entry } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, individualHomeworkField, lessonsMap, periodMarksMap } from "../../shared/journal-schema.ts";
import type { PrintedJournal } from "../../shared/report-api.ts";

let server: ServerProcess;
let math: PageContext;
let q2 = "";

async function pdfText(path: string, login: string): Promise<{ pages: string[]; status: number; type: string | null }> {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie: await signIn(server.url, login) } });
  if (res.status !== 200) return { pages: [], status: res.status, type: res.headers.get("content-type") };
  const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
  const { text } = await extractText(pdf, { mergePages: false });
  return { pages: text.map((t) => t.replace(/\s+/g, " ")), status: res.status, type: res.headers.get("content-type") };
}

beforeAll(async () => {
  server = await startServer();
  await setRules(server.url, { editWindowDays: 30 });
  math = await writePage(server, "ivanova", "5А", "Математика", (c) => {
    const on = (date: string) => c.lessons.find((l) => l.date === date)!;
    const [s1, s2, s3] = c.roster;
    const lesson = (date: string) => lessonsMap(c.doc).get(on(date).id)!;
    lesson("2026-11-10").set("topic", "Контрольная работа № 2 по теме «Обыкновенные дроби»");
    lesson("2026-11-10").set("homework", "Без задания");
    lesson("2026-11-16").set("topic", "Сложение дробей с одинаковыми знаменателями");
    lesson("2026-11-16").set("homework", "№ 215, 216");
    lesson("2026-11-16").set(individualHomeworkField(s1!.id), "Карточка 3: дроби");
    lesson(TEST_TODAY).set("topic", "Вычитание дробей");
    lesson(TEST_TODAY).set("homework", "№ 220 (а, б)");
    cellsMap(c.doc).set(cellKey(s1!.id, on("2026-11-10").id), entry("5", c.userId, c.now, "test"));
    cellsMap(c.doc).set(cellKey(s2!.id, on("2026-11-10").id), entry("4", c.userId, c.now, "test"));
    cellsMap(c.doc).set(cellKey(s3!.id, on("2026-11-10").id), entry("Н", c.userId, c.now));
    cellsMap(c.doc).set(cellKey(s1!.id, on("2026-11-16").id), entry("4", c.userId, c.now, "answer"));
    cellsMap(c.doc).set(cellKey(s1!.id, on(TEST_TODAY).id), entry("5", c.userId, c.now, "answer"));
    q2 = c.periods.find((p) => p.start <= TEST_TODAY && TEST_TODAY <= p.end)!.id;
    periodMarksMap(c.doc).set(cellKey(s1!.id, q2), { value: "5", at: c.now, by: c.userId });
  });
}, 60_000);
afterAll(() => stopServer(server));

describe("printed journal (Ar1)", () => {
  it("Ar1: the page's PDF has the class list, marks, attendance, topics, homework, period marks, numbered pages and the certification block", async () => {
    const { pages, type } = await pdfText(`/api/print/journal.pdf?pageId=${math.pageId}&periodId=${q2}`, "ivanova");
    expect(type).toBe("application/pdf");
    // Q2 runs 3 Nov - 28 Dec 2026: 40 weekdays less the 4 Nov holiday = 39 mathematics lessons (lesson 1 daily).
    // Sheets of 25 lesson columns: 2 grid pages (25 + 14); then the 39 lessons' topics and homework; then the summary and certification.
    expect(pages[0]).toContain("Классный журнал 5А, 2026/2027 учебный год — успеваемость и посещаемость, лист 1 из 2");
    expect(pages[1]).toContain("лист 2 из 2");
    expect(pages[0]).toContain("03.11");
    // November has 19 of them (3, 5, 6, 9-13, 16-20, 23-27, 30): the 25th is 8 December.
    expect(pages[0]).toContain("08.12");
    expect(pages[0]).not.toContain("09.12"); // the 26th lesson onwards is on the second sheet
    expect(pages[1]).toContain("09.12");
    expect(pages[1]).toContain("28.12");
    expect(pages[1]).toContain("II четверть"); // the period-mark column is on the last sheet
    // The class list, all 12 by surname, on every grid sheet.
    for (const name of ["Алексеев Артём", "Белова Анастасия", "Медведева Алиса"]) for (const p of pages.slice(0, 2)) expect(p).toContain(name);
    expect(pages[0]).toContain("Предмет: Математика; учитель: Иванова М.П.; период: II четверть (03.11.2026 — 28.12.2026)");
    const lessons = pages.slice(2).join(" ");
    expect(lessons).toContain("темы уроков и домашние задания");
    expect(lessons).toContain("Контрольная работа № 2 по теме «Обыкновенные дроби»");
    expect(lessons).toContain("Сложение дробей с одинаковыми знаменателями");
    expect(lessons).toContain("№ 215, 216");
    expect(lessons).toContain("№ 220 (а, б)");
    const last = pages.at(-1)!;
    expect(last).toContain("Итоги периода");
    // Алексеев: marks 5, 4, 5 -> 3 marks, plain average 4,67, no absences, period mark 5. Волков: one Н.
    expect(last).toMatch(/1 Алексеев Артём 3 4,67 0 0 0 5/);
    expect(last).toMatch(/3 Волков Максим 0 1 0 0/);
    expect(last).toContain("Заверение");
    expect(last).toContain("Директор ______________________ / Морозова Т.И. /");
    expect(last).toContain("Учитель ______________________ / Иванова М.П. /");
    // Every page says which it is of how many, and the count is the document's.
    pages.forEach((p, i) => expect(p).toContain(`Математика — II четверть. Страница ${i + 1} из ${pages.length}`));
    // 2 grid sheets; the lessons: one-line rows of 8 pt (about 13 pt with padding) fill a landscape page after its
    // title with 35 of them, so lessons 36-39 go on a fourth page under the repeated header, followed there by the
    // period summary (12 rows) and the certification block: 4 pages.
    expect(pages[3]).toMatch(/^№ Дата Урок Тема урока Домашнее задание 36 23\.12\.2026 1 /);
    expect(pages.length).toBe(4);
  });

  it("Ar1: the class's printout holds every subject of the class, each from its own sheet, certified once", async () => {
    const cookie = await signIn(server.url, "ivanova");
    const options = (await call(server.url, cookie, "GET", "/api/reports/options")).body as { classes: Array<{ id: string }> };
    const { pages } = await pdfText(`/api/print/class.pdf?classId=${options.classes[0]!.id}&periodId=${q2}`, "deputy");
    const all = pages.join(" ");
    for (const subject of ["Математика", "Русский язык", "Литература", "История", "Английский язык"]) expect(all).toContain(`Предмет: ${subject};`);
    expect(all.match(/Заверение/g)).toHaveLength(1);
    expect(pages.at(-1)).toContain(`Классный журнал 5А — II четверть. Страница ${pages.length} из ${pages.length}`);
  });

  it("Ar1: the browser's print layout gets the same content as JSON", async () => {
    const res = await call(server.url, await signIn(server.url, "director"), "GET", `/api/print/journal.json?pageId=${math.pageId}&periodId=${q2}`);
    const j = res.body as PrintedJournal;
    expect(j.lessons).toHaveLength(39);
    expect(j.students).toHaveLength(12);
    expect(j.periodMarks[math.roster[0]!.id]).toEqual({ [q2]: "5" });
    expect(j.directorName).toBe("Морозова Т.И.");
  });

  it("Ar1: printing follows the journal's rights: another teacher's page is refused, families are forbidden", async () => {
    expect((await pdfText(`/api/print/journal.pdf?pageId=${math.pageId}&periodId=${q2}`, "petrov")).status).toBe(403);
    expect((await call(server.url, await signIn(server.url, "parent.alekseeva"), "GET", `/api/print/journal.json?pageId=${math.pageId}&periodId=${q2}`)).body).toEqual({ error: "forbidden" });
    expect((await call(server.url, await signIn(server.url, "smirnova"), "GET", `/api/print/journal.json?pageId=${math.pageId}&periodId=${q2}`)).body).toEqual({ error: "not-your-page" });
    expect((await pdfText(`/api/print/journal.pdf?pageId=${math.pageId}&periodId=nope`, "ivanova")).status).toBe(404);
  });
});

describe("weekly printed report (D4)", () => {
  it("D4: the class teacher prints a student's week: lessons by day, marks with work types, homework, the period's average and forecast", async () => {
    const student = math.roster[0]!;
    const { pages } = await pdfText(`/api/print/weekly.pdf?studentId=${student.id}&date=${TEST_TODAY}`, "ivanova");
    const text = pages.join(" ");
    expect(text).toContain("Еженедельный отчёт об успеваемости и посещаемости");
    expect(text).toContain("Ученик: Алексеев Артём Дмитриевич, 5А класс. Неделя: 16.11.2026 — 22.11.2026.");
    expect(text).toContain("Понедельник, 16.11.2026");
    expect(text).toContain("Пятница, 20.11.2026");
    expect(text).toContain("Сложение дробей с одинаковыми знаменателями");
    expect(text).toContain("4 (Ответ на уроке)");
    expect(text).toContain("№ 220 (а, б)");
    expect(text).not.toContain("Обыкновенные дроби"); // the test was the week before
    // J2: this student's own homework is on its paper diary too.
    expect(text).toContain("№ 215, 216; Лично: Карточка 3: дроби");
    // Mathematics this week: 4, 5. Quarter so far: test 5 (weight 2), 4 and 5 (weight 1): (10 + 4 + 5) / 4 = 4,75 -> forecast 5.
    expect(text).toMatch(/Математика 4, 5 4,75 5/);
    expect(text).toContain("Классный руководитель ______________________ / Иванова М.П. /");
    expect(pages.at(-1)).toContain(`Страница ${pages.length} из ${pages.length}`);
  });

  it("D4: only the class teacher of the student's class and the administration print it", async () => {
    const student = math.roster[0]!;
    const path = `/api/print/weekly.pdf?studentId=${student.id}&date=${TEST_TODAY}`;
    expect((await pdfText(path, "director")).status).toBe(200);
    expect((await pdfText(path, "smirnova")).status).toBe(403);
    expect((await pdfText(path, "parent.alekseeva")).status).toBe(403);
    expect((await pdfText(`/api/print/weekly.pdf?studentId=${student.id}&date=2026-02-31x`, "ivanova")).status).toBe(400);
  });
});
