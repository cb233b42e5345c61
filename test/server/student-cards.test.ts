/**
 * A3, R4 against the real server: the class teacher (and the administrator)
 * keeps the student and parent cards of the own class, with minimal data
 * only; another class's teacher, a subject teacher and families are
 * refused; invalid data is refused field by field; a new student appears
 * in the class's journal pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until } from "../support/clients.ts";
import { readRoster } from "../../shared/journal-schema.ts";
import type { ClassCards, ClassSummary } from "../../shared/people.ts";

let server: ServerProcess;
let ivanova: string;
let class5A: string;
const card = { surname: "Новиков", name: "Павел", patronymic: "Ильич", sex: "м", bornOn: "14.03.2015" };

beforeAll(async () => {
  server = await startServer();
  ivanova = await signIn(server.url, "ivanova");
  class5A = (await me(server.url, ivanova)).user.classTeacherOf[0]!;
});
afterAll(() => stopServer(server));

const cards = async (cookie: string, classId = class5A) => (await call(server.url, cookie, "GET", `/api/classes/${classId}/students`)).body as ClassCards;

describe("student and parent cards (A3)", () => {
  it("the class teacher sees only the own class; the administrator every class", async () => {
    const own = (await call(server.url, ivanova, "GET", "/api/classes")).body as { classes: ClassSummary[] };
    expect(own.classes.map((c) => c.name)).toEqual(["5А"]);
    const all = (await call(server.url, await signIn(server.url, "admin"), "GET", "/api/classes")).body as { classes: ClassSummary[] };
    expect(all.classes.map((c) => c.name).sort()).toEqual(["1А", "5А", "6Б"]);
    const list = await cards(ivanova);
    expect(list.className).toBe("5А");
    const first = list.students.find((s) => s.surname === "Алексеев")!;
    // Minimal data only (A3), with the family's accounts.
    expect(Object.keys(first).sort()).toEqual(["bornOn", "hasAccount", "id", "leftOn", "name", "openCodes", "parents", "patronymic", "sex", "surname"]);
    expect(first.hasAccount).toBe(true);
    expect(first.parents.map((p) => p.login)).toEqual(["parent.alekseeva"]);
  });

  it("adds a student to the own class, who then appears on the class's journal pages", async () => {
    const petrov = await signIn(server.url, "petrov");
    const page = (await me(server.url, petrov)).pages.find((p) => p.className === "5А" && p.subjectName === "Русский язык")!;
    const teacher = openDoc(server.url, petrov, page.docName);
    await teacher.synced();
    const res = await call(server.url, ivanova, "POST", `/api/classes/${class5A}/students`, { ...card, snils: "123-456-789 00" });
    expect(res.status).toBe(201);
    const { studentId } = res.body as { studentId: string };
    const added = (await cards(ivanova)).students.find((s) => s.id === studentId)!;
    expect(added).toMatchObject({ surname: "Новиков", name: "Павел", patronymic: "Ильич", sex: "м", bornOn: "2015-03-14", hasAccount: false, parents: [] });
    await until(() => readRoster(teacher.doc).some((s) => s.id === studentId), "the new student on the open page");
    teacher.destroy();
  });

  it("refuses invalid cards field by field", async () => {
    const post = (b: Record<string, unknown>) => call(server.url, ivanova, "POST", `/api/classes/${class5A}/students`, b);
    expect(await post({ ...card, sex: "x" })).toEqual({ status: 400, body: { error: "invalid-sex", fields: [{ field: "sex", code: "invalid-sex" }] } });
    expect((await post({ ...card, bornOn: "31.02.2015" })).body).toMatchObject({ fields: [{ field: "bornOn", code: "invalid-birth-date" }] });
    expect((await post({ ...card, bornOn: "2026-12-01" })).body).toMatchObject({ fields: [{ field: "bornOn", code: "invalid-birth-date" }] });
    expect((await post({ ...card, bornOn: "1990-01-01" })).body).toMatchObject({ fields: [{ field: "bornOn", code: "invalid-birth-date" }] });
    expect((await post({ ...card, name: "", surname: "Нов1ков" })).body).toMatchObject({
      error: "invalid-name", fields: [{ field: "surname", code: "invalid-name" }, { field: "name", code: "field-required" }],
    });
    expect(await post(card)).toMatchObject({ status: 409, body: { error: "duplicate-student" } });
    expect((await call(server.url, ivanova, "POST", `/api/classes/${class5A}/students`, "not an object")).status).toBe(400);
  });

  it("R4: another class's teacher, a subject teacher and families may not keep the class's cards", async () => {
    const target = (await cards(ivanova)).students[0]!;
    for (const login of ["smirnova", "petrov", "parent.alekseeva", "alekseev.artem", "director"]) {
      const cookie = await signIn(server.url, login);
      expect(await call(server.url, cookie, "GET", `/api/classes/${class5A}/students`)).toEqual({ status: 403, body: { error: "not-your-class" } });
      expect((await call(server.url, cookie, "POST", `/api/classes/${class5A}/students`, { ...card, name: "Олег" })).body).toEqual({ error: "not-your-class" });
      expect((await call(server.url, cookie, "PATCH", `/api/students/${target.id}`, { ...card, name: "Олег" })).body).toEqual({ error: "not-your-class" });
    }
    // The administrator may.
    const admin = await signIn(server.url, "admin");
    expect((await call(server.url, admin, "POST", `/api/classes/${class5A}/students`, { ...card, name: "Олег", bornOn: "2015-01-02" })).status).toBe(201);
  });

  it("edits a card; the student's own account follows the name", async () => {
    const artem = (await cards(ivanova)).students.find((s) => s.surname === "Алексеев")!;
    const res = await call(server.url, ivanova, "PATCH", `/api/students/${artem.id}`, { surname: "Алексеев", name: "Артемий", patronymic: "Дмитриевич", sex: "м", bornOn: artem.bornOn });
    expect(res.status).toBe(200);
    expect((await cards(ivanova)).students.find((s) => s.id === artem.id)!.name).toBe("Артемий");
    expect((await me(server.url, await signIn(server.url, "alekseev.artem"))).user.fullName).toBe("Алексеев Артемий Дмитриевич");
    expect((await call(server.url, ivanova, "PATCH", `/api/students/${artem.id}`, { ...card, sex: "" })).body).toMatchObject({ error: "field-required" });
  });

  it("A3, D1: an open diary shows the edited name at once", async () => {
    const student = (await cards(ivanova)).students.find((s) => s.surname !== "Алексеев")!;
    const diary = openDoc(server.url, ivanova, `diary/${student.id}`);
    await diary.synced();
    const fullName = () => (diary.doc.getMap("student").get("fullName") as string | undefined) ?? "";
    expect(fullName()).toContain(student.surname);
    const res = await call(server.url, ivanova, "PATCH", `/api/students/${student.id}`, { surname: "Переименованная", name: student.name, patronymic: student.patronymic, sex: student.sex, bornOn: student.bornOn });
    expect(res.status).toBe(200);
    await until(() => fullName().startsWith("Переименованная "), "the diary's header follows the card");
    diary.destroy();
  });

  it("a parent's card is kept by a class teacher of one of the children, not by others", async () => {
    const parent = (await cards(ivanova)).students.find((s) => s.surname === "Алексеев")!.parents[0]!;
    expect((await call(server.url, ivanova, "PATCH", `/api/parents/${parent.id}`, { surname: "Алексеева", name: "Ольга", patronymic: "Николаевна" })).status).toBe(200);
    expect((await call(server.url, ivanova, "PATCH", `/api/parents/${parent.id}`, { surname: "", name: "Ольга" })).body).toMatchObject({ error: "field-required" });
    expect(await call(server.url, await signIn(server.url, "smirnova"), "PATCH", `/api/parents/${parent.id}`, { surname: "Х", name: "Y" })).toEqual({ status: 403, body: { error: "not-your-class" } });
  });
});
