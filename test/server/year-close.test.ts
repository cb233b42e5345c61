/**
 * Year close and promotion against the real server (R1). The clock is after
 * the demo year (2026/2027, last day 26.05.2027). Closing first lists the
 * missing period marks (year-marks-missing) and closes once the
 * administrator confirms; a closed year's pages refuse every edit
 * (year-closed) and stay readable and reportable; promotion moves every class
 * one grade up into the next year, the last grade graduates.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../support/store.ts";
import { join } from "node:path";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { entry } from "../support/journal-fixtures.ts";
import { readLessons, readMeta, readRoster, writeCell } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { ClassCards, ClassSummary } from "../../shared/people.ts";
import type { MissingMarks, YearSummary } from "../../shared/movement.ts";

let server: ServerProcess;
let admin: string;
let year: YearSummary;
const open: DocClient[] = [];

beforeAll(async () => {
  server = await startServer(undefined, { JOURNAL_NOW: "2027-06-02T12:00:00+03:00" });
  admin = await signIn(server.url, "admin");
  year = ((await call(server.url, admin, "GET", "/api/years")).body as { years: YearSummary[] }).years[0]!;
  // 6Б stands in for a last grade here, so that promotion has graduates to show.
  const db = openStore(server);
  db.prepare("UPDATE classes SET grade = 11, name = '11Б' WHERE name = '6Б'").run();
  db.close();
});
afterAll(() => stopServer(server, open));

describe("closing the year (R1)", () => {
  it("R1: only the administrator closes a year or promotes its classes", async () => {
    for (const login of ["deputy", "director", "ivanova", "parent.alekseeva"]) {
      const cookie = await signIn(server.url, login);
      expect((await call(server.url, cookie, "POST", `/api/years/${year.yearId}/close`, {})).body).toEqual({ error: "forbidden" });
      expect((await call(server.url, cookie, "POST", `/api/years/${year.yearId}/promote`, { name: "2027/2028", startsOn: "2027-09-01", endsOn: "2028-05-31" })).body).toEqual({ error: "forbidden" });
      expect((await call(server.url, cookie, "GET", "/api/years")).status).toBe(403);
    }
  });

  it("R1: promotion waits for the close; closing lists the missing period marks first, then closes when confirmed", async () => {
    expect(year).toMatchObject({ name: "2026/2027", closedAt: null });
    expect(await call(server.url, admin, "POST", `/api/years/${year.yearId}/promote`, { name: "2027/2028", startsOn: "2027-09-01", endsOn: "2028-05-31" })).toEqual({ status: 409, body: { error: "year-not-closed" } });
    const refused = await call(server.url, admin, "POST", `/api/years/${year.yearId}/close`, {});
    expect(refused.status).toBe(409);
    const body = refused.body as { error: string; missing: MissingMarks[] };
    expect(body.error).toBe("year-marks-missing");
    const maths5a = body.missing.find((m) => m.className === "5А" && m.subjectName === "Математика" && m.periodName === "IV четверть")!;
    expect(maths5a.students).toContain("Алексеев Артём");
    // 1А has no marks (J4): nothing is asked of it.
    expect(body.missing.some((m) => m.className === "1А")).toBe(false);
    expect(((await call(server.url, admin, "GET", "/api/years")).body as { years: YearSummary[] }).years[0]!.closedAt).toBeNull();

    const ivanova = await signIn(server.url, "ivanova");
    const page = (await me(server.url, ivanova)).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
    const teacher = open[open.push(openDoc(server.url, ivanova, page.docName)) - 1]!;
    await teacher.synced();

    const closed = await call(server.url, admin, "POST", `/api/years/${year.yearId}/close`, { confirmMissing: true });
    expect(closed.status).toBe(200);
    expect((closed.body as { closedAt: number }).closedAt).toBeGreaterThan(0);
    expect(await call(server.url, admin, "POST", `/api/years/${year.yearId}/close`, { confirmMissing: true })).toEqual({ status: 409, body: { error: "year-closed" } });

    // The open page turns read-only at once: an edit is refused as year-closed.
    await until(() => readMeta(teacher.doc)?.yearClosed === true, "the page says the year is closed");
    const lesson = readLessons(teacher.doc).at(-1)!;
    const student = readRoster(teacher.doc)[0]!;
    const by = (await me(server.url, ivanova)).user.id;
    teacher.doc.transact(() => writeCell(teacher.doc, student.id, lesson.id, entry("5", by, server.now())), ORIGIN.local);
    await until(() => teacher.notices.some((n) => JSON.stringify(n).includes("year-closed")), "the refusal as year-closed");
    teacher.doc.transact(() => {
      const l = [...(teacher.doc.getMap("lessons") as unknown as Map<string, import("yjs").Map<unknown>>).values()][0]!;
      l.set("topic", "Повторение");
    }, ORIGIN.local);
    await until(() => teacher.notices.filter((n) => JSON.stringify(n).includes("year-closed")).length >= 2, "a topic refused too");
  });

  it("R1: the closed year stays readable: its pages, reports and printouts", async () => {
    const ivanova = await signIn(server.url, "ivanova");
    const page = (await me(server.url, ivanova)).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
    const classId = (await me(server.url, ivanova)).user.classTeacherOf[0]!;
    const reader = open[open.push(openDoc(server.url, await signIn(server.url, "director"), page.docName)) - 1]!;
    await reader.synced();
    expect(readRoster(reader.doc).length).toBeGreaterThan(5);
    const q4 = readMeta(reader.doc)!.periods.at(-1)!;
    expect((await call(server.url, ivanova, "GET", `/api/reports/class?classId=${classId}&periodId=${q4.id}`)).body).toMatchObject({ period: { id: q4.id } });
    expect((await call(server.url, ivanova, "GET", `/api/print/journal.json?pageId=${page.pageId}&periodId=${q4.id}`)).status).toBe(200);
    expect((await call(server.url, ivanova, "GET", `/api/pages/${page.pageId}/plan`)).status).toBe(200);
  });
});

describe("promotion (R1)", () => {
  it("R1: every class goes one grade up into the next year (5А -> 6А), the last grade graduates; the old pages keep their students", async () => {
    const bad = await call(server.url, admin, "POST", `/api/years/${year.yearId}/promote`, { name: "2027/2028", startsOn: "2027-05-01", endsOn: "2028-05-31" });
    expect(bad).toEqual({ status: 400, body: { error: "invalid-date", fields: [{ field: "startsOn", code: "invalid-date" }] } });
    const res = await call(server.url, admin, "POST", `/api/years/${year.yearId}/promote`, { name: "2027/2028", startsOn: "2027-09-01", endsOn: "2028-05-31" });
    expect(res.status).toBe(200);
    const result = res.body as { toYearId: string; classes: Array<{ from: string; to: string | null; students: number }>; graduated: number };
    expect(result.classes.map((c) => `${c.from}->${c.to ?? "выпуск"}`)).toEqual(["1А->2А", "5А->6А", "11Б->выпуск"]);
    expect(result.graduated).toBeGreaterThan(0);
    expect(await call(server.url, admin, "POST", `/api/years/${year.yearId}/promote`, { toYearId: result.toYearId })).toEqual({ status: 409, body: { error: "year-already-promoted" } });

    const classes = ((await call(server.url, admin, "GET", "/api/classes")).body as { classes: ClassSummary[] }).classes;
    const six = classes.find((c) => c.name === "6А")!;
    expect(six.grade).toBe(6);
    const cards = (await call(server.url, admin, "GET", `/api/classes/${six.classId}/students`)).body as ClassCards;
    expect(cards.students.map((s) => s.surname)).toContain("Алексеев");
    // The class teacher goes with the class.
    expect((await me(server.url, await signIn(server.url, "ivanova"))).user.classTeacherOf).toContain(six.classId);
    // Graduates left the day after the year.
    const eleven = classes.find((c) => c.name === "11Б")!;
    const grads = (await call(server.url, admin, "GET", `/api/classes/${eleven.classId}/students`)).body as ClassCards;
    expect(grads.students.every((s) => s.leftOn === "2027-05-27")).toBe(true);
    // The old year's page still lists its students, none as gone.
    const page = (await me(server.url, admin)).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
    const reader = open[open.push(openDoc(server.url, admin, page.docName)) - 1]!;
    await reader.synced();
    const alekseev = readRoster(reader.doc).find((s) => s.surname === "Алексеев")!;
    expect(alekseev.leftOn).toBeNull();
    // The new year cannot be closed before its end.
    expect(await call(server.url, admin, "POST", `/api/years/${result.toYearId}/close`, {})).toEqual({ status: 409, body: { error: "year-not-ended" } });
  });
});
