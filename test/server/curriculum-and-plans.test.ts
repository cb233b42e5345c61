/**
 * P2, P4 against the real server: the deputy and the administrator set the
 * curriculum hours; the calendar-thematic plan (per subject and grade) is
 * edited as ordered topics with hours, saved as a flagged draft while its
 * total does not match the curriculum, and approved only once it does; the
 * page's plan (and the lesson editor's next topic) follows the edits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, signIn } from "../support/clients.ts";
import type { CurriculumRow, PlanState } from "../../shared/plan-rules.ts";
import type { PlanTopic } from "../../shared/thematic-plan.ts";

let server: ServerProcess;
let deputy: string;
let rows: CurriculumRow[];
const row = (cls: string, subject: string) => rows.find((r) => r.className === cls && r.subjectName === subject)!;

beforeAll(async () => {
  server = await startServer();
  deputy = await signIn(server.url, "deputy");
  rows = ((await call(server.url, deputy, "GET", "/api/curriculum")).body as { rows: CurriculumRow[] }).rows;
});
afterAll(() => stopServer(server));

const plan = (cookie: string, subjectId: string, grade: number, method = "GET", body?: unknown) => call(server.url, cookie, method, `/api/plans/${subjectId}/${grade}`, body);
const topics = (...hours: number[]) => hours.map((h, i) => ({ topic: `Тема ${i + 1}`, hours: h }));

describe("curriculum hours (P2)", () => {
  it("P2: the demo curriculum is each class's weekly hours for 34 weeks", () => {
    expect(row("5А", "Математика").hours).toBe(170);
    expect(row("5А", "История").hours).toBe(68);
    expect(row("6Б", "Английский язык").hours).toBe(102);
  });

  it("P2, R1, R3: the deputy sets hours; whole numbers only; teachers and families are refused", async () => {
    const r = row("6Б", "История");
    expect(await call(server.url, deputy, "PUT", "/api/curriculum", { classId: r.classId, subjectId: r.subjectId, hours: 70 })).toEqual({
      status: 200, body: { classId: r.classId, subjectId: r.subjectId, hours: 70 },
    });
    for (const hours of [0, -3, 2.5, "68", 1000]) {
      expect(await call(server.url, deputy, "PUT", "/api/curriculum", { classId: r.classId, subjectId: r.subjectId, hours })).toEqual({
        status: 400, body: { error: "invalid-hours", fields: [{ field: "hours", code: "invalid-hours" }] },
      });
    }
    for (const login of ["ivanova", "petrov", "parent.alekseeva", "alekseev.artem", "medic"]) {
      const cookie = await signIn(server.url, login);
      expect(await call(server.url, cookie, "PUT", "/api/curriculum", { classId: r.classId, subjectId: r.subjectId, hours: 1 })).toEqual({ status: 403, body: { error: "forbidden" } });
      expect((await call(server.url, cookie, "GET", "/api/curriculum")).status).toBe(403);
    }
    const admin = await signIn(server.url, "admin");
    expect((await call(server.url, admin, "PUT", "/api/curriculum", { classId: r.classId, subjectId: r.subjectId, hours: 68 })).status).toBe(200);
    expect((await call(server.url, await signIn(server.url, "director"), "GET", "/api/curriculum")).status).toBe(200);
  });
});

describe("the calendar-thematic plan editor (P4)", () => {
  it("P4: the demo plan of 5th-grade maths matches its 170 hours", async () => {
    const state = (await plan(deputy, row("5А", "Математика").subjectId, 5)).body as PlanState;
    expect(state.check).toEqual({ total: 170, expected: 170, code: null });
    expect(state.mayEdit && state.mayApprove).toBe(true);
  });

  it("P4: a draft whose hours do not match is kept but flagged, and cannot be approved until they match", async () => {
    const history = row("5А", "История").subjectId;
    const draft = await plan(deputy, history, 5, "PUT", { topics: topics(10, 20, 30) });
    expect(draft.status).toBe(200);
    expect((draft.body as PlanState).check).toEqual({ total: 60, expected: 68, code: "plan-hours-mismatch" });
    // Nothing typed is lost: the draft is stored as it was.
    expect(((await plan(deputy, history, 5)).body as PlanState).topics).toEqual([
      { ord: 1, topic: "Тема 1", hours: 10 }, { ord: 2, topic: "Тема 2", hours: 20 }, { ord: 3, topic: "Тема 3", hours: 30 },
    ]);
    expect(await call(server.url, deputy, "POST", `/api/plans/${history}/5/approve`)).toEqual({
      status: 409, body: { error: "plan-hours-mismatch", check: { total: 60, expected: 68, code: "plan-hours-mismatch" } },
    });
    // Added a topic, reordered, edited: now 68.
    const fixed = await plan(deputy, history, 5, "PUT", {
      topics: [{ topic: "Введение", hours: 2 }, { topic: "Тема 3", hours: 30 }, { topic: "Тема 1", hours: 16 }, { topic: "Тема 2", hours: 20 }],
    });
    expect((fixed.body as PlanState).check).toEqual({ total: 68, expected: 68, code: null });
    const approved = await call(server.url, deputy, "POST", `/api/plans/${history}/5/approve`);
    expect(approved.status).toBe(200);
    expect((approved.body as PlanState).approvedAt).toBeGreaterThan(0);
    // An edit (a topic deleted) withdraws the approval and is flagged again.
    const edited = (await plan(deputy, history, 5, "PUT", { topics: [{ topic: "Тема 3", hours: 30 }, { topic: "Тема 1", hours: 16 }, { topic: "Тема 2", hours: 20 }] })).body as PlanState;
    expect(edited.approvedAt).toBeNull();
    expect(edited.check.code).toBe("plan-hours-mismatch");
  });

  it("P4: the page's plan follows the editor (the lesson editor offers its next topic from it)", async () => {
    const smirnova = await signIn(server.url, "smirnova");
    const page = (await me(server.url, smirnova)).pages.find((p) => p.className === "5А" && p.subjectName === "История")!;
    const res = (await call(server.url, smirnova, "GET", `/api/pages/${page.pageId}/plan`)).body as { topics: PlanTopic[] };
    expect(res.topics.map((t) => t.topic)).toEqual(["Тема 3", "Тема 1", "Тема 2"]);
  });

  it("P4: a plan without curriculum hours for its grade is flagged as such; bad topics are refused field by field", async () => {
    const maths = row("5А", "Математика").subjectId;
    expect(((await plan(deputy, maths, 7, "PUT", { topics: topics(5) })).body as PlanState).check).toEqual({ total: 5, expected: null, code: "curriculum-missing" });
    expect(await plan(deputy, maths, 7, "PUT", { topics: [{ topic: " ", hours: 3 }, { topic: "Дроби", hours: 0 }] })).toEqual({
      status: 400, body: { error: "field-required", fields: [{ field: "topics.0.topic", code: "field-required" }, { field: "topics.1.hours", code: "invalid-hours" }] },
    });
    expect((await plan(deputy, maths, 7, "PUT", { topics: "nope" })).status).toBe(400);
    expect((await plan(deputy, maths, 12)).status).toBe(404);
  });

  it("P4, R5: a subject's teacher edits its plan but does not approve it; other teachers and families are refused", async () => {
    const history = row("5А", "История").subjectId;
    const smirnova = await signIn(server.url, "smirnova");
    const own = await plan(smirnova, history, 5, "PUT", { topics: topics(68) });
    expect(own.status).toBe(200);
    expect((own.body as PlanState).mayApprove).toBe(false);
    expect(await call(server.url, smirnova, "POST", `/api/plans/${history}/5/approve`)).toEqual({ status: 403, body: { error: "forbidden" } });
    const petrov = await signIn(server.url, "petrov");
    expect(await plan(petrov, history, 5, "PUT", { topics: topics(68) })).toEqual({ status: 403, body: { error: "forbidden" } });
    expect((await plan(petrov, history, 5)).status).toBe(403);
    for (const login of ["parent.alekseeva", "alekseev.artem"]) expect((await plan(await signIn(server.url, login), history, 5)).status).toBe(403);
    // The list: the deputy sees every plan, a teacher only its own subjects and grades.
    const list = (cookie: string) => call(server.url, cookie, "GET", "/api/plans").then((r) => (r.body as { plans: Array<{ subjectName: string; grade: number }> }).plans);
    expect((await list(smirnova)).map((p) => `${p.subjectName} ${p.grade}`).sort()).toEqual(["История 5", "История 6", "Математика 6"]);
    expect((await list(deputy)).length).toBeGreaterThan(8);
  });
});
