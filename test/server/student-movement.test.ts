/**
 * Student movement against the real server (D5, R1, R4): a student enrolled
 * on a date is on the class's pages from that day (earlier lessons refuse
 * marks); leaving the school ends the diary on that day; a transfer to
 * another class ends the stay in the old class (its marks stay there,
 * readable) and starts one in the new class, with the diary following both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellsMap, readRoster, writeCell, readLessons } from "../../shared/journal-schema.ts";
import { diaryEntriesMap, diaryStudentMap, diaryTimetableMap, unpackTimetable } from "../../shared/diary-schema.ts";
import { diaryDocName } from "../../shared/doc-names.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { ClassCards } from "../../shared/people.ts";
import type { MovementStudent } from "../../shared/movement.ts";

let server: ServerProcess;
let admin: string;
let ivanova: string;
let class5A: string;
let class6B: string;
const open: DocClient[] = [];
const keep = (c: DocClient) => (open.push(c), c);

beforeAll(async () => {
  server = await startServer();
  admin = await signIn(server.url, "admin");
  ivanova = await signIn(server.url, "ivanova");
  class5A = (await me(server.url, ivanova)).user.classTeacherOf[0]!;
  class6B = (await me(server.url, await signIn(server.url, "smirnova"))).user.classTeacherOf[0]!;
});
afterAll(() => stopServer(server, open));

const studentsOf = async (classId = class5A) => ((await call(server.url, admin, "GET", `/api/classes/${classId}/students`)).body as ClassCards).students;
const idOf = async (surname: string) => (await studentsOf()).find((s) => s.surname === surname)!.id;
const card = { surname: "Зайцев", name: "Игорь", patronymic: "Петрович", sex: "м", bornOn: "02.02.2015" };

async function mathPage(cookie = ivanova, cls = "5А") {
  const page = (await me(server.url, cookie)).pages.find((p) => p.className === cls && p.subjectName === "Математика")!;
  const client = keep(openDoc(server.url, cookie, page.docName));
  await client.synced();
  return { page, client };
}

describe("enrolment (R1, R4)", () => {
  it("R4: the class teacher enrols a student from a date; the page lists it from then and refuses marks before", async () => {
    const { client } = await mathPage();
    const res = await call(server.url, ivanova, "POST", `/api/classes/${class5A}/enrol`, { ...card, on: "16.11.2026" });
    expect(res.status).toBe(201);
    const { studentId } = res.body as { studentId: string };
    await until(() => readRoster(client.doc).some((s) => s.id === studentId), "the new student on the open page");
    expect(readRoster(client.doc).find((s) => s.id === studentId)).toMatchObject({ surname: "Зайцев", joinedOn: "2026-11-16", leftOn: null });
    const before = readLessons(client.doc).filter((l) => l.date < "2026-11-16").at(-1)!;
    const by = (await me(server.url, ivanova)).user.id;
    client.doc.transact(() => writeCell(client.doc, studentId, before.id, entry("5", by, server.now())), ORIGIN.local);
    await until(() => client.notices.some((n) => JSON.stringify(n).includes("student-not-yet-on-page")), "the refusal");
    // Today is after the enrolment: a mark is taken.
    const today = lessonOn(client.doc, TEST_TODAY)!;
    client.doc.transact(() => writeCell(client.doc, studentId, today.id, entry("4", by, server.now())), ORIGIN.local);
    const admins = keep(openDoc(server.url, admin, (await me(server.url, admin)).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!.docName));
    await admins.synced();
    await until(() => cellsMap(admins.doc).has(`${studentId}:${today.id}`), "the mark stored");
  });

  it("R1, R4: another class's teacher and a subject teacher may not enrol; dates outside the year and bad cards are refused", async () => {
    for (const login of ["smirnova", "petrov", "deputy", "parent.alekseeva"]) {
      expect((await call(server.url, await signIn(server.url, login), "POST", `/api/classes/${class5A}/enrol`, { ...card, name: "Олег", on: "16.11.2026" })).body).toEqual({ error: "not-your-class" });
    }
    expect((await call(server.url, ivanova, "POST", `/api/classes/${class5A}/enrol`, { ...card, name: "Олег", on: "01.08.2026" })).body).toMatchObject({ error: "not-in-year" });
    expect((await call(server.url, ivanova, "POST", `/api/classes/${class5A}/enrol`, { ...card, name: "Олег", on: "31.13.2026" })).body).toMatchObject({ error: "invalid-date" });
    expect((await call(server.url, ivanova, "POST", `/api/classes/${class5A}/enrol`, { ...card, on: "17.11.2026" })).status).toBe(409);
    expect((await call(server.url, ivanova, "POST", `/api/classes/${class5A}/enrol`, { ...card, name: "", on: "17.11.2026" })).body).toMatchObject({ error: "field-required" });
  });
});

describe("leaving the school (D5)", () => {
  it("D5, R1: the administrator records the day a student left; the pages mark it, its diary ends on that day", async () => {
    const volkov = await idOf("Волков");
    expect((await call(server.url, ivanova, "POST", `/api/students/${volkov}/leave`, { on: "20.11.2026" })).body).toEqual({ error: "forbidden" });
    const diary = keep(openDoc(server.url, admin, diaryDocName(volkov)));
    await diary.synced();
    const { page, client } = await mathPage();
    expect(unpackTimetable(diaryTimetableMap(diary.doc).get(page.pageId)!.lessons).some((l) => l.date > "2026-11-20")).toBe(true);
    expect(await call(server.url, admin, "POST", `/api/students/${volkov}/leave`, { on: "20.11.2026", reason: "переезд" })).toEqual({ status: 200, body: { studentId: volkov, leftOn: "2026-11-20" } });
    await until(() => readRoster(client.doc).find((s) => s.id === volkov)?.leftOn === "2026-11-20", "the page marks the departure");
    await until(() => !unpackTimetable(diaryTimetableMap(diary.doc).get(page.pageId)!.lessons).some((l) => l.date > "2026-11-20"), "the diary ends on that day");
    expect(await call(server.url, admin, "POST", `/api/students/${volkov}/leave`, { on: "21.11.2026" })).toEqual({ status: 409, body: { error: "student-left" } });
    expect((await studentsOf()).find((s) => s.id === volkov)!.leftOn).toBe("2026-11-20");
    const history = (await call(server.url, admin, "GET", `/api/students/${volkov}/movements`)).body as { movements: Array<{ kind: string; reason: string }> };
    expect(history.movements).toEqual([{ kind: "left", on: "2026-11-20", fromClass: class5A, toClass: null, reason: "переезд" }]);
  });
});

describe("transfer to another class (R1)", () => {
  it("R1: a transfer ends the stay in 5А (its marks stay there, readable) and starts one in 6Б; the diary follows", async () => {
    const grigorieva = await idOf("Григорьева");
    const { page, client } = await mathPage();
    const by = (await me(server.url, ivanova)).user.id;
    const today = lessonOn(client.doc, TEST_TODAY)!;
    client.doc.transact(() => writeCell(client.doc, grigorieva, today.id, entry("5", by, server.now())), ORIGIN.local);
    const diary = keep(openDoc(server.url, admin, diaryDocName(grigorieva)));
    await diary.synced();
    await until(() => diaryEntriesMap(diary.doc).has(`${page.pageId}:${today.id}`), "the mark in the diary");

    expect((await call(server.url, ivanova, "POST", `/api/students/${grigorieva}/transfer`, { toClassId: class6B, on: "19.11.2026" })).body).toEqual({ error: "forbidden" });
    expect((await call(server.url, admin, "POST", `/api/students/${grigorieva}/transfer`, { toClassId: class5A, on: "19.11.2026" })).body).toMatchObject({ error: "same-class" });
    expect((await call(server.url, admin, "POST", `/api/students/${grigorieva}/transfer`, { toClassId: "999999", on: "19.11.2026" })).body).toMatchObject({ error: "unknown-class" });
    expect(await call(server.url, admin, "POST", `/api/students/${grigorieva}/transfer`, { toClassId: class6B, on: "19.11.2026" })).toEqual({
      status: 200, body: { studentId: grigorieva, fromClassId: class5A, toClassId: class6B, on: "2026-11-19" },
    });
    // 5А's page keeps her up to the transfer, with the mark.
    await until(() => readRoster(client.doc).find((s) => s.id === grigorieva)?.leftOn === "2026-11-19", "5А's page ends her stay");
    expect(cellsMap(client.doc).has(`${grigorieva}:${today.id}`)).toBe(true);
    // 6Б's page lists her from the transfer.
    const smirnova = await signIn(server.url, "smirnova");
    const six = await mathPage(smirnova, "6Б");
    expect(readRoster(six.client.doc).find((s) => s.id === grigorieva)).toMatchObject({ joinedOn: "2026-11-19", leftOn: null });
    // The diary: her class is 6Б, 5А's lessons end before the transfer, 6Б's start with it, the mark is kept.
    await until(() => (diaryStudentMap(diary.doc) as unknown as Map<string, unknown>).get("className") === "6Б", "the diary's class");
    await until(() => diaryTimetableMap(diary.doc).has(six.page.pageId), "6Б's pages in the diary");
    expect(unpackTimetable(diaryTimetableMap(diary.doc).get(page.pageId)!.lessons).every((l) => l.date < "2026-11-19")).toBe(true);
    expect(unpackTimetable(diaryTimetableMap(diary.doc).get(six.page.pageId)!.lessons).every((l) => l.date >= "2026-11-19")).toBe(true);
    expect(diaryEntriesMap(diary.doc).has(`${page.pageId}:${today.id}`)).toBe(true);
    // The administrator's overview lists her in 6Б now.
    const overview = (await call(server.url, admin, "GET", "/api/movement")).body as { students: MovementStudent[] };
    expect(overview.students.find((s) => s.id === grigorieva)).toMatchObject({ className: "6Б", leftOn: null });
    expect((await call(server.url, ivanova, "GET", "/api/movement")).status).toBe(403);
  });
});

describe("the year in progress (R1)", () => {
  it("R1: the current year cannot be closed before its last day, nor its classes promoted", async () => {
    const years = ((await call(server.url, admin, "GET", "/api/years")).body as { years: Array<{ yearId: string; mayClose: boolean; lastDay: string }> }).years;
    expect(years).toHaveLength(1);
    expect(years[0]).toMatchObject({ mayClose: false, lastDay: "2027-05-26" });
    expect(await call(server.url, admin, "POST", `/api/years/${years[0]!.yearId}/close`, { confirmMissing: true })).toEqual({ status: 409, body: { error: "year-not-ended" } });
    expect(await call(server.url, admin, "POST", `/api/years/${years[0]!.yearId}/promote`, { name: "2027/2028", startsOn: "2027-09-01", endsOn: "2028-05-31" })).toEqual({ status: 409, body: { error: "year-not-closed" } });
  });
});
