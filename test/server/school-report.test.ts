/**
 * Rep1 school-wide, golden: known period marks and absences written into the
 * demo school (5А: 12 students, 6Б: 10, 1А: 8, no marks in 1А) by its class
 * teachers, read back by the deputy director as JSON and CSV. Every figure is
 * worked out by hand below. Who may read it is checked on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, signIn } from "../support/clients.ts";
import { writePage, type PageContext } from "../support/demo-entries.ts";
import { entry } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, periodMarksMap } from "../../shared/journal-schema.ts";
import type { SchoolReport } from "../../server/reports/school-report.ts";

let server: ServerProcess;
let q2 = "";

/** Period marks for the first students of the roster (by surname), one string per student in the order of `subjects`. */
async function setPeriodMarks(login: string, className: string, subjects: string[], rows: string[]): Promise<void> {
  for (const [i, subject] of subjects.entries()) {
    await writePage(server, login, className, subject, (ctx: PageContext) => {
      const period = ctx.periods.find((p) => p.start <= TEST_TODAY && TEST_TODAY <= p.end)!;
      q2 = period.id;
      rows.forEach((marks, s) => periodMarksMap(ctx.doc).set(cellKey(ctx.roster[s]!.id, period.id), { value: marks[i]!, at: ctx.now, by: ctx.userId }));
    });
  }
}

async function absences(login: string, className: string, values: string[]): Promise<void> {
  await writePage(server, login, className, "Математика", (ctx) => {
    // Mathematics is lesson 1 every day in the demo timetable: today's has started.
    const today = ctx.lessons.find((l) => l.date === TEST_TODAY)!;
    values.forEach((v, s) => cellsMap(ctx.doc).set(cellKey(ctx.roster[s]!.id, today.id), entry(v, ctx.userId, ctx.now)));
  });
}

beforeAll(async () => {
  server = await startServer();
  const subjects5 = ["Математика", "Русский язык", "Литература", "История", "Английский язык"];
  // 5А, by surname: Алексеев 5 5 5 5 5, Белова 5 4 5 5 5, Волков 4 3 4 4 4, Григорьева 2 3 3 3 3; the other 8 have none.
  await setPeriodMarks("ivanova", "5А", subjects5, ["55555", "54555", "43444", "23333"]);
  // 6Б, by surname: Абрамова 5 5 5 5 4, Борисов 3 3 3 3 3, Воробьёва 2 2 3 3 3; the other 7 have none.
  await setPeriodMarks("smirnova", "6Б", subjects5, ["55554", "33333", "22333"]);
  await absences("ivanova", "5А", ["Н", "Б"]); // Алексеев Н, Белова Б
  await absences("smirnova", "6Б", ["У"]); // Абрамова У
}, 120_000);
afterAll(() => stopServer(server));

describe("school-wide period report (Rep1)", () => {
  it("Rep1: the deputy director reads every class's figures and the school's totals, worked out by hand", async () => {
    const deputy = await signIn(server.url, "deputy");
    const res = await call(server.url, deputy, "GET", `/api/reports/school?periodId=${q2}`);
    expect(res.status).toBe(200);
    const r = res.body as SchoolReport;
    expect(r.classes.map((c) => c.className)).toEqual(["1А", "5А", "6Б"]); // by grade, then name
    const [c1, c5, c6] = r.classes;
    // 1А: 8 students, no period marks at all: nobody attested, percentages 0, nobody at risk.
    expect(c1).toMatchObject({ students: 8, markedStudents: 0, counts: { "5": 0, "4": 0, "3": 0, "2": 0 }, qualityPercent: 0, successPercent: 0, atRisk: 0 });
    // 5А: 5s = 5 (Алексеев) + 4 (Белова) = 9; 4s = 1 (Белова) + 4 (Волков) = 5; 3s = 1 (Волков) + 4 (Григорьева) = 5; 2s = 1.
    // Attested 4; only 4-5: Алексеев, Белова = 2 -> 50 %; without a 2: all but Григорьева = 3 -> 75 %.
    // Single 3: Волков; single 4: Белова; at risk: Григорьева (a 2). Absences: Н 1, Б 1.
    expect(c5).toMatchObject({
      students: 12, markedStudents: 4, counts: { "5": 9, "4": 5, "3": 5, "2": 1 }, qualityPercent: 50, successPercent: 75,
      singleThree: 1, singleFour: 1, atRisk: 1, absences: { Н: 1, Б: 1, У: 0 },
    });
    // 6Б: 5s = 4 (Абрамова); 4s = 1 (Абрамова); 3s = 5 (Борисов) + 3 (Воробьёва) = 8; 2s = 2 (Воробьёва).
    // Attested 3; only 4-5: Абрамова = 1 -> 33.3 %; without a 2: Абрамова, Борисов = 2 -> 66.7 %.
    // Single 3: nobody (Борисов has five); single 4: Абрамова; at risk: Воробьёва. Absences: У 1.
    expect(c6).toMatchObject({
      students: 10, markedStudents: 3, counts: { "5": 4, "4": 1, "3": 8, "2": 2 }, qualityPercent: 33.3, successPercent: 66.7,
      singleThree: 0, singleFour: 1, atRisk: 1, absences: { Н: 0, Б: 0, У: 1 },
    });
    // School: 30 students, 7 attested; quality (2 + 1) / 7 = 42.857 -> 42.9 %, not the mean of the classes' 50 and 33.3;
    // success (3 + 2) / 7 = 71.43 -> 71.4 %.
    expect(r.totals).toEqual({
      students: 30, markedStudents: 7, counts: { "5": 13, "4": 6, "3": 13, "2": 3 }, qualityPercent: 42.9, successPercent: 71.4,
      singleThree: 1, singleFour: 2, atRisk: 2, absences: { Н: 1, Б: 1, У: 1 },
    });
  });

  it("Rep1: the school report exports as CSV a spreadsheet opens: BOM, `;`, decimal comma, a totals line", async () => {
    const director = await signIn(server.url, "director");
    const res = await fetch(`${server.url}/api/reports/school.csv?periodId=${q2}`, { headers: { cookie: director } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[2]).toBe("Класс;Учащихся;Аттестовано;«5»;«4»;«3»;«2»;Качество, %;Успеваемость, %;С одной «3»;С одной «4»;Группа риска;Пропуски Н;Пропуски Б;Пропуски У");
    expect(lines).toContain("5А;12;4;9;5;5;1;50;75;1;1;1;1;1;0");
    expect(lines).toContain("6Б;10;3;4;1;8;2;33,3;66,7;0;1;1;0;0;1");
    expect(lines.at(-1)).toBe("Итого по школе;30;7;13;6;13;3;42,9;71,4;1;2;2;1;1;1");
  });

  it("Rep1: the class summary exports as CSV for its class teacher", async () => {
    const ivanova = await signIn(server.url, "ivanova");
    const classId = (await call(server.url, ivanova, "GET", "/api/reports/options")).body as { classes: Array<{ id: string; name: string }> };
    expect(classId.classes.map((c) => c.name)).toEqual(["5А"]);
    const res = await fetch(`${server.url}/api/reports/class.csv?classId=${classId.classes[0]!.id}&periodId=${q2}`, { headers: { cookie: ivanova } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, "").split("\r\n");
    // Columns are the pages by id (the order the school created them): Математика, Русский язык, Литература, История, Английский язык.
    expect(lines[1]).toBe("Ученик;Математика;Русский язык;Литература;История;Английский язык;Пропуски Н;Пропуски Б;Пропуски У");
    expect(lines[2]).toBe("Алексеев Артём;5;5;5;5;5;1;0;0");
    expect(lines[3]).toBe("Белова Анастасия;5;4;5;5;5;0;1;0");
    expect(lines).toContain("Качество, %;50;Успеваемость, %;75");
  });

  it("Rep1: only the director and the deputy read the school report; a teacher gets not-your-report, a parent forbidden", async () => {
    for (const login of ["director", "deputy"]) {
      expect((await call(server.url, await signIn(server.url, login), "GET", `/api/reports/school?periodId=${q2}`)).status).toBe(200);
    }
    const teacher = await call(server.url, await signIn(server.url, "ivanova"), "GET", `/api/reports/school?periodId=${q2}`);
    expect(teacher).toEqual({ status: 403, body: { error: "not-your-report" } });
    for (const login of ["parent.alekseeva", "alekseev.artem", "medic", "admin"]) {
      expect((await call(server.url, await signIn(server.url, login), "GET", `/api/reports/school?periodId=${q2}`)).body).toEqual({ error: "forbidden" });
    }
    const csv = await fetch(`${server.url}/api/reports/school.csv?periodId=${q2}`, { headers: { cookie: await signIn(server.url, "petrov") } });
    expect(csv.status).toBe(403);
    expect((await call(server.url, "", "GET", `/api/reports/school?periodId=${q2}`)).status).toBe(401);
    expect((await call(server.url, await signIn(server.url, "deputy"), "GET", "/api/reports/school?periodId=999999")).status).toBe(404);
    expect((await call(server.url, await signIn(server.url, "deputy"), "GET", "/api/reports/school?periodId=../x")).status).toBe(400);
  });
});
