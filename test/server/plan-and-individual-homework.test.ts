/**
 * P4 and J2 through the real server: the page's calendar-thematic plan is
 * served to those who may open the page and to no one else; a lesson's
 * individual homework is accepted for a student of the page and refused
 * (compensated, with a notice) for anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until } from "../support/clients.ts";
import { lessonOn } from "../support/journal-fixtures.ts";
import { individualHomeworkField, lessonsMap, readLesson, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { PlanTopic } from "../../shared/thematic-plan.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let ivanova: string;
let math5a: PageSummary;
let history5a: PageSummary;

beforeAll(async () => {
  server = await startServer();
  ivanova = await signIn(server.url, "ivanova");
  const pages = (await me(server.url, ivanova)).pages;
  math5a = pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
  history5a = pages.find((p) => p.className === "5А" && p.subjectName === "История")!;
});
afterAll(() => stopServer(server));

describe("the calendar-thematic plan (P4, read-only until issue 5)", () => {
  it("P4: the page's teacher gets the plan of its subject and grade, in order, its hours adding up to the year's lessons", async () => {
    const res = await call(server.url, ivanova, "GET", `/api/pages/${math5a.pageId}/plan`);
    expect(res.status).toBe(200);
    const topics = (res.body as { topics: PlanTopic[] }).topics;
    expect(topics.length).toBeGreaterThanOrEqual(5);
    expect(topics.map((t) => t.ord)).toEqual(topics.map((_, i) => i + 1));
    expect(topics.reduce((n, t) => n + t.hours, 0)).toBe(170);
    expect(topics[0]!.topic).toMatch(/^Повторение/);
  });

  it("P4: a subject without a plan gives an empty list; a parent, a student and a stranger are refused", async () => {
    const history = await call(server.url, ivanova, "GET", `/api/pages/${history5a.pageId}/plan`);
    expect(history).toEqual({ status: 200, body: { topics: [] } });
    for (const login of ["parent.alekseeva", "alekseev.artem"]) {
      expect((await call(server.url, await signIn(server.url, login), "GET", `/api/pages/${math5a.pageId}/plan`)).status).toBe(403);
    }
    expect((await call(server.url, "", "GET", `/api/pages/${math5a.pageId}/plan`)).status).toBe(401);
    expect((await call(server.url, ivanova, "GET", "/api/pages/999999/plan")).status).toBe(404);
  });
});

describe("individual homework (J2)", () => {
  it("J2: homework for one student of the page is kept; for someone not on the page it is undone with a notice", async () => {
    const teacher = openDoc(server.url, ivanova, math5a.docName);
    await teacher.synced();
    const observer = openDoc(server.url, await signIn(server.url, "ivanova"), math5a.docName);
    await observer.synced();
    const lesson = lessonOn(teacher.doc, TEST_TODAY)!;
    const student = readRoster(teacher.doc)[2]!;
    const lessonMap = lessonsMap(teacher.doc).get(lesson.id)!;

    teacher.doc.transact(() => lessonMap.set(individualHomeworkField(student.id), "№ 512, 514 — работа над ошибками"), ORIGIN.local);
    await until(() => readLesson(lesson.id, lessonsMap(observer.doc).get(lesson.id)!).individualHomework[student.id] === "№ 512, 514 — работа над ошибками", "the colleague's replica has it");
    expect(teacher.notices).toEqual([]);

    // A student of another class: refused and taken back everywhere.
    teacher.doc.transact(() => lessonMap.set(individualHomeworkField("999999"), "чужое задание"), ORIGIN.local);
    await until(() => teacher.notices.length === 1, "a refusal notice");
    expect(teacher.notices[0]!.changes[0]!.code).toBe("unknown-cell");
    await until(() => !lessonsMap(teacher.doc).get(lesson.id)!.has(individualHomeworkField("999999")), "compensated");
    expect(lessonsMap(observer.doc).get(lesson.id)!.has(individualHomeworkField("999999"))).toBe(false);
    // Not a number either: an arbitrary lesson field stays read-only.
    teacher.doc.transact(() => lessonMap.set("hw:", "x"), ORIGIN.local);
    await until(() => teacher.notices.length === 2, "a second refusal");
    expect(teacher.notices[1]!.changes[0]!.code).toBe("read-only-field");
    teacher.destroy();
    observer.destroy();
  });
});
