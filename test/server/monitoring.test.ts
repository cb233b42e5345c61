/**
 * Rep2 golden: the 5А mathematics page of the demo school (Иванова, lesson 1
 * every school day, 12 students) after a Wednesday (2026-11-18, noon) on which
 * its teacher caught up with past lessons. Every figure worked out by hand.
 * A teacher reads only its own figures; the deputy and director read all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, setRules, signIn } from "../support/clients.ts";
import { writePage } from "../support/demo-entries.ts";
import { entry } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, lessonsMap } from "../../shared/journal-schema.ts";
import type { MonitoringResponse } from "../../shared/report-api.ts";

let server: ServerProcess;
let ivanovaId = "";

beforeAll(async () => {
  server = await startServer();
  // Past lessons stay open for a month, so the catching-up below is accepted (and then judged late by Rep2).
  await setRules(server.url, { editWindowDays: 30 });
  const ctx = await writePage(server, "ivanova", "5А", "Математика", (c) => {
    const on = (date: string) => c.lessons.find((l) => l.date === date)!;
    const [s1, s2, s3, s4] = c.roster;
    const set = (s: typeof s1, date: string, value: string, workType?: string) => cellsMap(c.doc).set(cellKey(s!.id, on(date).id), entry(value, c.userId, c.now, workType));
    // Tuesday 11-10: a test; three marks and one absence entered today (6 working days later; due by Friday 11-13).
    lessonsMap(c.doc).get(on("2026-11-10").id)!.set("topic", "Контрольная работа № 2 по теме «Обыкновенные дроби»");
    set(s1, "2026-11-10", "5", "test");
    set(s2, "2026-11-10", "4", "test");
    set(s3, "2026-11-10", "3", "test");
    set(s4, "2026-11-10", "Н");
    // Monday 11-16: topic and homework today (due Monday and Monday 13:50), an oral mark today (due Monday).
    lessonsMap(c.doc).get(on("2026-11-16").id)!.set("topic", "Сложение дробей");
    lessonsMap(c.doc).get(on("2026-11-16").id)!.set("homework", "№ 215, 216");
    set(s1, "2026-11-16", "4", "answer");
    // Today: an oral mark and the homework, both on time (homework due 12:20 + 1.5 h = 13:50).
    set(s1, TEST_TODAY, "5", "answer");
    lessonsMap(c.doc).get(on(TEST_TODAY).id)!.set("homework", "№ 220");
  });
  ivanovaId = ctx.userId;
}, 60_000);
afterAll(() => stopServer(server));

const ask = async (login: string, teacherId: string, window: string, date = TEST_TODAY) =>
  call(server.url, await signIn(server.url, login), "GET", `/api/reports/monitoring?teacherId=${teacherId}&window=${window}&date=${date}`);

describe("monitoring of how journals are kept (Rep2)", () => {
  it("Rep2, J7, J8: the month of November for Иванова, by hand", async () => {
    const res = await ask("deputy", ivanovaId, "month");
    expect(res.status).toBe(200);
    const r = res.body as MonitoringResponse;
    expect(r.window).toEqual({ kind: "month", from: "2026-11-01", to: "2026-11-30" });
    expect(r.period?.name).toBe("II четверть");
    expect(r.pages.map((p) => `${p.className} ${p.subjectName}`)).toEqual(["5А Математика"]);
    const p = r.pages[0]!;
    // Lessons held before today in November: 3, 5, 6, 9-13, 16, 17 (the 4th is a holiday) = 10.
    expect(p.lessons).toBe(10);
    // Topics on 11-10 and 11-16 only: 8 without; homework on 11-16 only (today's is not held yet): 9 without.
    expect(p.withoutTopic.map((l) => l.date)).toEqual(["2026-11-03", "2026-11-05", "2026-11-06", "2026-11-09", "2026-11-11", "2026-11-12", "2026-11-13", "2026-11-17"]);
    expect(p.withoutHomework).toHaveLength(9);
    // J7 (quarter: at least 3): Алексеев has 5, 4, 5 = 3 marks; Белова 1, Волков 1, the other 9 none: 11 students.
    expect(p.fewMarks?.minimum).toBe(3);
    expect(p.fewMarks?.students).toHaveLength(11);
    expect(p.fewMarks?.students.find((s) => s.name.startsWith("Белова"))?.count).toBe(1);
    // The test of 11-10 (due 11-13): 12 students, 3 marked, 1 absent -> 8 unmarked.
    expect(p.testsUnmarked).toEqual([{ lessonId: expect.any(String), date: "2026-11-10", topic: "Контрольная работа № 2 по теме «Обыкновенные дроби»", deadline: "2026-11-13 23:59", unmarked: 8 }]);
    // Late: 3 test marks, the absence, the topics of 11-10 and 11-16, the oral mark and homework of 11-16 = 8;
    // today's mark and homework are on time.
    expect(p.late.count).toBe(8);
    expect(p.late.byKind).toEqual({ "written-mark": 3, "attendance": 1, "topic": 2, "oral-mark": 1, "homework": 1 });
    expect(p.late.entries.find((e) => e.kind === "homework")).toMatchObject({ lessonDate: "2026-11-16", deadline: "2026-11-16 13:50", by: "Иванова М.П." });
    expect(r.totals).toEqual({ lessons: 10, withoutTopic: 8, withoutHomework: 9, fewMarks: 11, testsUnmarked: 1, late: 8 });
  });

  it("Rep2: the week of 16-22 November: two lessons held, the test of the 10th is outside it, today's entries count", async () => {
    const r = (await ask("director", ivanovaId, "week")).body as MonitoringResponse;
    expect(r.window).toEqual({ kind: "week", from: "2026-11-16", to: "2026-11-22" });
    // Held: 11-16 (topic and homework set) and 11-17 (neither).
    expect(r.totals).toEqual({ lessons: 2, withoutTopic: 1, withoutHomework: 1, fewMarks: 11, testsUnmarked: 0, late: 8 });
  });

  it("Rep2: a teacher reads its own figures; another teacher's are refused with not-your-report; families and others are forbidden", async () => {
    expect((await ask("ivanova", ivanovaId, "week")).status).toBe(200);
    const petrovId = (await me(server.url, await signIn(server.url, "petrov"))).user.id;
    expect((await ask("petrov", petrovId, "month")).status).toBe(200);
    expect(await ask("petrov", ivanovaId, "week")).toEqual({ status: 403, body: { error: "not-your-report" } });
    expect(await ask("ivanova", petrovId, "month")).toEqual({ status: 403, body: { error: "not-your-report" } });
    for (const login of ["parent.alekseeva", "alekseev.artem", "medic", "admin"]) expect(await ask(login, ivanovaId, "week")).toEqual({ status: 403, body: { error: "forbidden" } });
    expect((await ask("deputy", ivanovaId, "year")).status).toBe(400);
    expect((await ask("deputy", ivanovaId, "week", "2026-13-45")).status).toBe(400);
    // The options a teacher gets name only itself.
    const options = (await call(server.url, await signIn(server.url, "ivanova"), "GET", "/api/reports/options")).body as { teachers: Array<{ id: string }>; school: boolean };
    expect(options.teachers.map((t) => t.id)).toEqual([ivanovaId]);
    expect(options.school).toBe(false);
  });
});
