/**
 * Issue 5, CSV import against the real server: class lists (administrator;
 * the class teacher for the own class) and staff (administrator), a preview
 * with row-level errors (row, column, code), and an apply that writes the
 * whole file in one transaction or nothing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../support/store.ts";
import { join } from "node:path";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, signIn } from "../support/clients.ts";
import type { ClassCards, ImportPreview, ImportResult, StaffAccount } from "../../shared/people.ts";

let server: ServerProcess;
let admin: string;
let ivanova: string;
let class5A: string;

beforeAll(async () => {
  server = await startServer();
  admin = await signIn(server.url, "admin");
  ivanova = await signIn(server.url, "ivanova");
  class5A = (await me(server.url, ivanova)).user.classTeacherOf[0]!;
});
afterAll(() => stopServer(server));

async function post(cookie: string, path: string, csv: string | Buffer): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`, { method: "POST", headers: { cookie, "content-type": "text/csv" }, body: typeof csv === "string" ? csv : new Uint8Array(csv) });
  return { status: res.status, body: await res.json() };
}

function counts(): { students: number; users: number } {
  const db = openStore(server, { readonly: true });
  const students = (db.prepare("SELECT COUNT(*) AS n FROM students").get() as { n: number }).n;
  const users = (db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  db.close();
  return { students, users };
}

const GOOD_CLASS = "\uFEFFФамилия;Имя;Отчество;Пол;Дата рождения\r\nСоловьёв;Тимур;Русланович;м;02.09.2015\r\n\"Орлова-Смирнова\";Ева;;ж;2015-11-30\r\n";

describe("CSV import of class lists and staff", () => {
  it("previews a class list: the separator, the rows, no errors; nothing is written by a preview", async () => {
    const before = counts();
    const res = await post(ivanova, `/api/import/students/preview?classId=${class5A}`, GOOD_CLASS);
    expect(res.status).toBe(200);
    const preview = res.body as ImportPreview;
    expect(preview).toMatchObject({ kind: "students", separator: ";", valid: true, errors: [] });
    expect(preview.columns).toEqual(["surname", "name", "patronymic", "sex", "bornOn"]);
    expect(preview.rows.map((r) => [r.row, r.values.surname])).toEqual([[2, "Соловьёв"], [3, "Орлова-Смирнова"]]);
    expect(counts()).toEqual(before);
  });

  it("reports every row's errors with row, column and code, and apply then writes nothing", async () => {
    const csv = [
      "Фамилия,Имя,Отчество,Пол,Дата рождения",
      "Кузьмин,Лев,Олегович,м,01.01.2015",
      "Кузьмин,Лев,Олегович,м,01.01.2015",
      "Б3лов,Ян,,x,31.02.2015",
      ",Ира,,ж,2015-04-04",
      "Алексеев,Артём,Дмитриевич,м,01.01.2015,лишнее",
      '"Незакрытая,Ира,,ж,2015-04-04',
    ].join("\n");
    const preview = (await post(ivanova, `/api/import/students/preview?classId=${class5A}`, csv)).body as ImportPreview;
    expect(preview).toMatchObject({ valid: false, errors: [{ row: 7, column: "", code: "csv-unterminated-quote" }] });

    const fixed = csv.replace('"Незакрытая', "Незакрытая");
    const before = counts();
    const second = (await post(ivanova, `/api/import/students/preview?classId=${class5A}`, fixed)).body as ImportPreview;
    expect(second.separator).toBe(",");
    expect(second.valid).toBe(false);
    expect(second.errors).toEqual([
      { row: 3, column: "", code: "duplicate-student" },
      { row: 4, column: "surname", code: "invalid-name" },
      { row: 4, column: "sex", code: "invalid-sex" },
      { row: 4, column: "bornOn", code: "invalid-birth-date" },
      { row: 5, column: "surname", code: "field-required" },
      { row: 6, column: "", code: "extra-fields" },
      // Already in the class (the demo school's first student).
      { row: 6, column: "", code: "duplicate-student" },
    ]);
    const applied = await post(ivanova, `/api/import/students/apply?classId=${class5A}`, fixed);
    expect(applied.status).toBe(422);
    expect(applied.body).toMatchObject({ error: "import-invalid", preview: { errors: second.errors } });
    expect(counts()).toEqual(before);
  });

  it("refuses columns beyond the card (A3) and missing required columns, before looking at any row", async () => {
    const res = (await post(admin, `/api/import/students/preview?classId=${class5A}`, "Фамилия;Имя;Пол;СНИЛС\nИванов;Иван;м;123")).body as ImportPreview;
    expect(res.errors).toEqual([
      { row: 1, column: "СНИЛС", code: "column-not-allowed" },
      { row: 1, column: "bornOn", code: "missing-column" },
    ]);
    const notUtf8 = (await post(admin, `/api/import/students/preview?classId=${class5A}`, Buffer.from([0x46, 0xe0, 0xec, 0x3b, 0x0a]))).body as ImportPreview;
    expect(notUtf8.errors).toEqual([{ row: 1, column: "", code: "csv-not-utf8" }]);
  });

  it("applies a valid class list in one go; the students are on the class's cards", async () => {
    const before = counts();
    const res = await post(ivanova, `/api/import/students/apply?classId=${class5A}`, GOOD_CLASS);
    expect(res).toEqual({ status: 201, body: { created: 2 } });
    expect(counts().students).toBe(before.students + 2);
    const cards = (await call(server.url, ivanova, "GET", `/api/classes/${class5A}/students`)).body as ClassCards;
    expect(cards.students.find((s) => s.surname === "Орлова-Смирнова")).toMatchObject({ name: "Ева", patronymic: "", sex: "ж", bornOn: "2015-11-30" });
    // The same file again is all duplicates: nothing more.
    const again = await post(ivanova, `/api/import/students/apply?classId=${class5A}`, GOOD_CLASS);
    expect(again.status).toBe(422);
    expect(counts().students).toBe(before.students + 2);
  });

  it("a school-wide list names each row's class; a class teacher may only bring the own class's rows", async () => {
    const csv = "Класс;Фамилия;Имя;Пол;Дата рождения\n5А;Титов;Олег;м;03.03.2015\n6Б;Титова;Ольга;ж;04.04.2014\n9Я;Фомин;Ян;м;05.05.2012\n";
    const byTeacher = (await post(ivanova, "/api/import/students/preview", csv)).body as ImportPreview;
    expect(byTeacher.errors).toEqual([{ row: 3, column: "class", code: "not-your-class" }, { row: 4, column: "class", code: "unknown-class" }]);
    const byAdmin = (await post(admin, "/api/import/students/preview", csv)).body as ImportPreview;
    expect(byAdmin.errors).toEqual([{ row: 4, column: "class", code: "unknown-class" }]);
    const ok = await post(admin, "/api/import/students/apply", csv.split("\n").slice(0, 3).join("\n"));
    expect(ok).toEqual({ status: 201, body: { created: 2 } });
  });

  it("R1, R4: a teacher of another class, a subject teacher and families may not import a class; only the administrator imports staff", async () => {
    for (const login of ["smirnova", "petrov", "parent.alekseeva", "director"]) {
      const cookie = await signIn(server.url, login);
      expect(await post(cookie, `/api/import/students/apply?classId=${class5A}`, GOOD_CLASS)).toEqual({ status: 403, body: { error: "not-your-class" } });
      expect(await post(cookie, "/api/import/staff/preview", "Логин;Роль;Фамилия;Имя\nx.y;учитель;Иванов;Иван")).toEqual({ status: 403, body: { error: "forbidden" } });
    }
    expect((await post(ivanova, "/api/import/staff/apply", "Логин;Роль;Фамилия;Имя\nx.y;учитель;Иванов;Иван")).status).toBe(403);
  });

  it("imports staff: errors per row (taken or repeated login, unknown role) write nothing; a valid file makes every account with a first password", async () => {
    const bad = "login,role,surname,name,patronymic\nkrylov,учитель,Крылов,Андрей,Петрович\nivanova,учитель,Иванова,Анна,\nkrylov,медработник,Крылова,Анна,\nbelova,сторож,Белова,Нина,\n";
    const before = counts();
    const preview = (await post(admin, "/api/import/staff/preview", bad)).body as ImportPreview;
    expect(preview.errors).toEqual([
      { row: 3, column: "login", code: "login-taken" },
      { row: 4, column: "login", code: "duplicate-login" },
      { row: 5, column: "role", code: "invalid-role" },
    ]);
    expect((await post(admin, "/api/import/staff/apply", bad)).status).toBe(422);
    expect(counts()).toEqual(before);

    const good = "Логин;Роль;Фамилия;Имя;Отчество\nkrylov;учитель;Крылов;Андрей;Петрович\nbelova;Заместитель директора;Белова;Нина;\n";
    const res = await post(admin, "/api/import/staff/apply", good);
    expect(res.status).toBe(201);
    const result = res.body as ImportResult;
    expect(result.created).toBe(2);
    expect(result.firstPasswords!.map((p) => p.login)).toEqual(["krylov", "belova"]);
    const staff = ((await call(server.url, admin, "GET", "/api/staff")).body as { staff: StaffAccount[] }).staff;
    expect(staff.find((s) => s.login === "belova")).toMatchObject({ role: "deputy", mustChangePassword: true });
    // The first password works, and must be changed first.
    const cookie = await signIn(server.url, "krylov", result.firstPasswords![0]!.firstPassword);
    expect((await me(server.url, cookie)).user.mustChangePassword).toBe(true);
  });
});
