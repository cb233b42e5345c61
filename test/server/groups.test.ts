/**
 * P2, J1 against the real server: the class teacher makes subgroups of the
 * class for a subject and sets who is in which; a group's page lists only its
 * members and follows membership changes live; a move between groups is
 * refused in the middle of a period and takes effect at the next period's
 * start, with marks before it staying readable in the old group's page and
 * the student's diary following both pages within their bounds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { cellsMap, lessonsMap, readRoster, writeCell } from "../../shared/journal-schema.ts";
import { diaryEntriesMap, diaryTimetableMap, unpackTimetable } from "../../shared/diary-schema.ts";
import { diaryDocName } from "../../shared/doc-names.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { ClassGroups } from "../../shared/groups.ts";
import type { StaffAccount } from "../../shared/people.ts";

let server: ServerProcess;
let ivanova: string;
let admin: string;
let class5A: string;
let english: string;
let groups: ClassGroups;
const open: DocClient[] = [];

beforeAll(async () => {
  server = await startServer();
  ivanova = await signIn(server.url, "ivanova");
  admin = await signIn(server.url, "admin");
  class5A = (await me(server.url, ivanova)).user.classTeacherOf[0]!;
});
afterAll(() => stopServer(server, open));

const read = async () => (groups = (await call(server.url, ivanova, "GET", `/api/classes/${class5A}/groups`)).body as ClassGroups);
const student = (surname: string) => groups.students.find((s) => s.fullName.startsWith(surname))!.id;
const groupId = (name: string) => groups.groups.find((g) => g.name === name)!.groupId;
const place = (group: string, studentIds: string[], date?: string) => call(server.url, ivanova, "POST", `/api/groups/${groupId(group)}/members`, { studentIds, date });

describe("subgroups of a class (P2)", () => {
  it("P2, R4: only the class teacher and the administrator keep the class's groups", async () => {
    for (const login of ["petrov", "smirnova", "director", "parent.alekseeva", "alekseev.artem"]) {
      const cookie = await signIn(server.url, login);
      expect(await call(server.url, cookie, "GET", `/api/classes/${class5A}/groups`)).toEqual({ status: 403, body: { error: "not-your-class" } });
      expect((await call(server.url, cookie, "POST", `/api/classes/${class5A}/groups`, { subjectId: "1", name: "Группа 1" })).status).toBe(403);
    }
    expect((await call(server.url, admin, "GET", `/api/classes/${class5A}/groups`)).status).toBe(200);
  });

  it("P2: the class teacher makes two English groups; a duplicate name is refused", async () => {
    await read();
    english = groups.subjects.find((s) => s.subjectName === "Английский язык")!.subjectId;
    for (const name of ["Группа 1", "Группа 2"]) expect((await call(server.url, ivanova, "POST", `/api/classes/${class5A}/groups`, { subjectId: english, name })).status).toBe(201);
    expect(await call(server.url, ivanova, "POST", `/api/classes/${class5A}/groups`, { subjectId: english, name: "Группа 1" })).toEqual({
      status: 409, body: { error: "duplicate-group", fields: [{ field: "name", code: "duplicate-group" }] },
    });
    expect((await call(server.url, ivanova, "POST", `/api/classes/${class5A}/groups`, { subjectId: english, name: "" })).body).toMatchObject({ error: "invalid-name" });
    await read();
    expect(groups.groups.map((g) => g.name)).toEqual(["Группа 1", "Группа 2"]);
  });

  it("J1, P2: a group's page lists only its members and follows membership live", async () => {
    const staff = ((await call(server.url, admin, "GET", "/api/staff")).body as { staff: StaffAccount[] }).staff;
    const kuznetsova = staff.find((s) => s.login === "kuznetsova")!.id;
    // Group pages are the administrator's (teaching load); a class teacher may not make one.
    expect((await call(server.url, ivanova, "POST", `/api/groups/${groupId("Группа 1")}/page`, { teacherId: kuznetsova })).status).toBe(403);
    for (const g of ["Группа 1", "Группа 2"]) expect((await call(server.url, admin, "POST", `/api/groups/${groupId(g)}/page`, { teacherId: kuznetsova })).status).toBe(201);
    const teacher = await signIn(server.url, "kuznetsova");
    const pages = (await me(server.url, teacher)).pages.filter((p) => p.className === "5А" && p.groupName);
    expect(pages.map((p) => p.groupName).sort()).toEqual(["Группа 1", "Группа 2"]);
    const page1 = open[open.push(openDoc(server.url, teacher, pages.find((p) => p.groupName === "Группа 1")!.docName)) - 1]!;
    const page2 = open[open.push(openDoc(server.url, teacher, pages.find((p) => p.groupName === "Группа 2")!.docName)) - 1]!;
    await Promise.all([page1.synced(), page2.synced()]);
    expect(readRoster(page1.doc)).toEqual([]);
    // The group page has the class page's lesson columns.
    expect(lessonsMap(page1.doc).size).toBeGreaterThan(30);
    await read();
    const [a, b, c] = ["Алексеев", "Белова", "Денисов"].map(student) as [string, string, string];
    expect((await place("Группа 1", [a, b])).body).toEqual({ placed: [a, b], moved: [], unchanged: [] });
    expect((await place("Группа 2", [c])).body).toEqual({ placed: [c], moved: [], unchanged: [] });
    await until(() => readRoster(page1.doc).length === 2 && readRoster(page2.doc).length === 1, "the rosters follow the groups");
    expect(readRoster(page1.doc).map((s) => s.surname)).toEqual(["Алексеев", "Белова"]);
    expect(readRoster(page1.doc).every((s) => s.leftOn === null && !s.joinedOn)).toBe(true);
  });

  it("P2: a move dated in the middle of a period is refused; in the past too; at a period's end it starts the next period", async () => {
    await read();
    const a = student("Алексеев");
    // 2026-11-18 is inside the II quarter (03.11-28.12).
    expect(await place("Группа 2", [a])).toEqual({ status: 409, body: { error: "group-move-mid-period", fields: [{ field: "date", code: "group-move-mid-period" }] } });
    expect((await place("Группа 2", [a], "2026-12-01")).body).toMatchObject({ error: "group-move-mid-period" });
    // The end of the I quarter: the II quarter has already begun, marks in it are in group 1's page.
    expect((await place("Группа 2", [a], "24.10.2026")).body).toMatchObject({ error: "group-move-in-past" });
    expect((await place("Группа 2", [a], "not a date")).body).toMatchObject({ error: "invalid-date" });
    // Nothing changed by the refusals.
    expect((await read()).members.filter((m) => m.studentId === a)).toEqual([{ studentId: a, groupId: groupId("Группа 1"), from: null, until: null }]);
    // The last day of the II quarter: from the first day of the III quarter.
    expect((await place("Группа 2", [a], "28.12.2026")).body).toEqual({ placed: [], moved: [{ studentId: a, from: "2027-01-12" }], unchanged: [] });
    expect((await read()).members.filter((m) => m.studentId === a)).toEqual([
      { studentId: a, groupId: groupId("Группа 1"), from: null, until: "2027-01-12" },
      { studentId: a, groupId: groupId("Группа 2"), from: "2027-01-12", until: null },
    ]);
  });

  it("P2, J1: after the move the old group's page keeps the student up to the move, the new one from it; marks outside are refused", async () => {
    const teacher = await signIn(server.url, "kuznetsova");
    const [page1, page2] = open as [DocClient, DocClient];
    const a = student("Алексеев");
    await until(() => readRoster(page1.doc).find((s) => s.id === a)?.leftOn === "2027-01-12", "group 1 ends the student's time at the move");
    await until(() => readRoster(page2.doc).find((s) => s.id === a)?.joinedOn === "2027-01-12", "group 2 lists the student from the move");
    // A mark in group 2's page for a lesson before the move is refused with its own code.
    const lesson = [...lessonsMap(page2.doc).entries()].map(([id, l]) => ({ id, date: String(l.get("date")) })).find((l) => l.date === "2026-11-18" || l.date < "2026-11-18")!;
    const by = (await me(server.url, teacher)).user.id;
    page2.doc.transact(() => writeCell(page2.doc, a, lesson.id, { value: "5", at: server.now(), by, workType: "answer" }), ORIGIN.local);
    await until(() => page2.notices.some((n) => JSON.stringify(n).includes("student-not-yet-on-page")), "the refusal notice");
    // In group 1's page, where the student is until the move, today's mark is taken and stays there.
    const today = [...lessonsMap(page1.doc).entries()].find(([, l]) => l.get("date") === "2026-11-18")!;
    page1.doc.transact(() => writeCell(page1.doc, a, today[0], { value: "4", at: server.now(), by, workType: "answer" }), ORIGIN.local);
    const reader = open[open.push(openDoc(server.url, admin, (await me(server.url, admin)).pages.find((p) => p.groupName === "Группа 1")!.docName)) - 1]!;
    await reader.synced();
    await until(() => cellsMap(reader.doc).has(`${a}:${today[0]}`), "the mark stored in group 1's page");
    expect(page1.notices.filter((n) => JSON.stringify(n).includes(`"${a}:${today[0]}"`))).toEqual([]);
  });

  it("D1, P2: the moved student's diary shows group 1's lessons up to the move and group 2's from it", async () => {
    const a = student("Алексеев");
    const diary = open[open.push(openDoc(server.url, await signIn(server.url, "parent.alekseeva"), diaryDocName(a))) - 1]!;
    await diary.synced();
    const g = groups.groups;
    const dates = (pageId: string) => unpackTimetable(diaryTimetableMap(diary.doc).get(pageId)?.lessons ?? "").map((l) => l.date);
    const page1 = g.find((x) => x.name === "Группа 1")!.pageIds[0]!;
    const page2 = g.find((x) => x.name === "Группа 2")!.pageIds[0]!;
    await until(() => dates(page1).length > 0 && dates(page2).length > 0, "both group pages in the diary");
    expect(dates(page1).every((d) => d < "2027-01-12")).toBe(true);
    expect(dates(page2).every((d) => d >= "2027-01-12")).toBe(true);
    // The mark given in group 1 before the move is in the diary.
    expect([...diaryEntriesMap(diary.doc).values()].some((e) => e.pageId === page1 && e.value === "4")).toBe(true);
    // Борисова stayed in group 1: its whole year, and nothing of group 2.
    const b = student("Белова");
    const other = open[open.push(openDoc(server.url, admin, diaryDocName(b))) - 1]!;
    await other.synced();
    expect(diaryTimetableMap(other.doc).has(page2)).toBe(false);
    expect(diaryTimetableMap(other.doc).has(page1)).toBe(true);
  });
});
