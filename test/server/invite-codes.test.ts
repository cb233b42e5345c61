/**
 * A2, R9 against the real server: the class teacher issues per student one
 * code for the student and one per parent slot; a code works once, only for
 * its kind, until it expires or a new sheet replaces it; it is stored only
 * as a hash; a parent links several children into one account; refused
 * codes are throttled like sign-in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../support/store.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, TEST_NOW, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn } from "../support/clients.ts";
import { diaryDocName } from "../../shared/doc-names.ts";
import type { ActivateResult, InviteSheet, IssuedInvite } from "../../shared/people.ts";

let server: ServerProcess;
let ivanova: string;
let class5A: string;
let pavel: string;
let yulia: string;
let sheet: InviteSheet;

const codeOf = (studentId: string, kind: "student" | "parent", slot: number, s = sheet): IssuedInvite =>
  s.invites.find((i) => i.studentId === studentId && i.kind === kind && i.slot === slot)!;

async function activate(body: Record<string, unknown>, cookie = ""): Promise<{ status: number; body: unknown; cookie: string }> {
  const res = await fetch(`${server.url}/api/invites/activate`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, cookie: (res.headers.get("set-cookie") ?? "").split(";")[0]! };
}

beforeAll(async () => {
  server = await startServer();
  ivanova = await signIn(server.url, "ivanova");
  class5A = (await me(server.url, ivanova)).user.classTeacherOf[0]!;
  const add = async (name: string, sex: string) =>
    ((await call(server.url, ivanova, "POST", `/api/classes/${class5A}/students`, { surname: sex === "м" ? "Новиков" : "Новикова", name, patronymic: "Ильич".replace("ч", sex === "м" ? "ч" : "чна"), sex, bornOn: "2015-05-06" })).body as { studentId: string }).studentId;
  pavel = await add("Павел", "м");
  yulia = await add("Юлия", "ж");
  const res = await call(server.url, ivanova, "POST", `/api/classes/${class5A}/invites`, { studentIds: [pavel, yulia] });
  expect(res.status).toBe(200);
  sheet = res.body as InviteSheet;
});
afterAll(() => stopServer(server));

describe("invite codes (A2)", () => {
  it("a sheet has one student code and one code per parent slot for each student, expiring after the school's setting (14 days)", () => {
    expect(sheet.className).toBe("5А");
    expect(sheet.invites).toHaveLength(6);
    expect(sheet.invites.filter((i) => i.studentId === pavel).map((i) => `${i.kind}${i.slot}`).sort()).toEqual(["parent1", "parent2", "student0"]);
    for (const i of sheet.invites) {
      expect(i.code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
      expect(i.expiresAt).toBe(sheet.issuedAt + 14 * 86_400_000);
    }
    expect(new Set(sheet.invites.map((i) => i.code)).size).toBe(6);
  });

  function everyText(s: ServerProcess): string {
    const db = openStore(s, { readonly: true });
    try {
      const columns = db.prepare("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'text'").all() as Array<{ table_name: string; column_name: string }>;
      // Names from the catalogue, never from input: the one place a statement is built from strings.
      return columns.map((c) => (db.prepare(`SELECT string_agg(${c.column_name}, ' ') AS t FROM ${c.table_name}`).get() as { t: string | null }).t ?? "").join(" ");
    } finally {
      db.close();
    }
  }

  it("codes are stored only as hashes: no code is anywhere in the database file", () => {
    const db = openStore(server, { readonly: true });
    const hashes = (db.prepare("SELECT code_hash FROM invite_codes").all() as Array<{ code_hash: string }>).map((r) => r.code_hash);
    db.close();
    expect(hashes.length).toBeGreaterThanOrEqual(6);
    // The raw bytes of the SQLite file; on PostgreSQL, every text column of every table.
    const bytes = server.databaseUrl ? everyText(server) : readFileSync(join(server.dataDir, "journal.sqlite")).toString("latin1") + readFileSync(join(server.dataDir, "journal.sqlite-wal")).toString("latin1");
    for (const i of sheet.invites) {
      expect(bytes.includes(i.code.replace("-", ""))).toBe(false);
      expect(bytes.includes(i.code)).toBe(false);
    }
  });

  it("R4: only the class's teacher and the administrator issue codes", async () => {
    for (const login of ["smirnova", "petrov", "parent.alekseeva", "director"]) {
      expect(await call(server.url, await signIn(server.url, login), "POST", `/api/classes/${class5A}/invites`, {})).toEqual({ status: 403, body: { error: "not-your-class" } });
    }
  });

  it("a student makes an own account with the student code; the code is then spent, and the wrong kind is refused", async () => {
    const code = codeOf(pavel, "student", 0).code;
    expect(await activate({ code, kind: "parent", login: "novikova.mama", password: "Rodina-2026", surname: "Новикова", name: "Анна" })).toMatchObject({ status: 400, body: { error: "invite-wrong-kind" } });
    expect(await activate({ code: codeOf(pavel, "parent", 1).code, kind: "student", login: "novikov.pavel", password: "Rodina-2026" })).toMatchObject({ status: 400, body: { error: "invite-wrong-kind" } });
    // Bad input does not spend the code.
    expect((await activate({ code, kind: "student", login: "novikov.pavel", password: "123" })).body).toMatchObject({ error: "weak-password" });
    expect((await activate({ code, kind: "student", login: "ivanova", password: "Rodina-2026" })).body).toMatchObject({ error: "login-taken" });
    const made = await activate({ code: code.toLowerCase().replace("-", " "), kind: "student", login: "novikov.pavel", password: "Rodina-2026" });
    expect(made.status).toBe(201);
    expect((made.body as ActivateResult).studentId).toBe(pavel);
    const profile = await me(server.url, made.cookie);
    expect(profile.user).toMatchObject({ role: "student", fullName: "Новиков Павел Ильич" });
    expect(profile.diaries.map((d) => d.studentId)).toEqual([pavel]);
    expect(await activate({ code, kind: "student", login: "novikov.pavel2", password: "Rodina-2026" })).toMatchObject({ status: 409, body: { error: "invite-used" } });
  });

  it("R9: a parent makes an account with one child's code and links the second child with its code into the same account", async () => {
    const first = await activate({ code: codeOf(pavel, "parent", 1).code, kind: "parent", login: "novikova.anna", password: "Semya-2026!", surname: "Новикова", name: "Анна", patronymic: "Сергеевна" });
    expect(first.status).toBe(201);
    const parent = first.cookie;
    const second = await activate({ code: codeOf(yulia, "parent", 1).code, kind: "parent" }, parent);
    expect(second).toMatchObject({ status: 200, body: { studentId: yulia, created: false, userId: (first.body as ActivateResult).userId } });
    const profile = await me(server.url, parent);
    expect(profile.user).toMatchObject({ role: "parent", fullName: "Новикова Анна Сергеевна" });
    expect(profile.diaries.map((d) => d.studentId).sort()).toEqual([pavel, yulia].sort());
    // Both diaries open over sync.
    for (const id of [pavel, yulia]) {
      const diary = openDoc(server.url, parent, diaryDocName(id));
      await diary.synced();
      diary.destroy();
    }
    // The same child again: refused, and the code stays good for the other parent.
    expect(await activate({ code: codeOf(pavel, "parent", 2).code, kind: "parent" }, parent)).toMatchObject({ status: 409, body: { error: "child-already-linked" } });
    const father = await activate({ code: codeOf(pavel, "parent", 2).code, kind: "parent", login: "novikov.ilya", password: "Papa-Ilya-77", surname: "Новиков", name: "Илья" });
    expect(father.status).toBe(201);
    // The class teacher sees both parents on the card.
    const cards = (await call(server.url, ivanova, "GET", `/api/classes/${class5A}/students`)).body as { students: Array<{ id: string; parents: Array<{ login: string }>; hasAccount: boolean }> };
    const card = cards.students.find((s) => s.id === pavel)!;
    expect(card.hasAccount).toBe(true);
    expect(card.parents.map((p) => p.login).sort()).toEqual(["novikov.ilya", "novikova.anna"]);
  });

  it("a signed-in teacher or student cannot link a child; unknown and malformed codes are refused", async () => {
    const code = codeOf(yulia, "parent", 2).code;
    expect(await activate({ code, kind: "parent" }, ivanova)).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(await activate({ code, kind: "parent" }, await signIn(server.url, "alekseev.artem"))).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(await activate({ code: "ABCDE-FGHJK", kind: "parent" })).toMatchObject({ status: 404, body: { error: "invite-unknown" } });
    expect(await activate({ code: "not a code", kind: "parent" })).toMatchObject({ status: 404, body: { error: "invite-unknown" } });
    expect((await activate({ code, kind: "teacher" })).status).toBe(400);
  });

  it("a new sheet replaces the codes still out: only free slots get codes, the old ones are revoked", async () => {
    const res = await call(server.url, ivanova, "POST", `/api/classes/${class5A}/invites`, { studentIds: [yulia] });
    const again = res.body as InviteSheet;
    // Yulia: no student account yet, one parent linked: a student code and the second parent slot.
    expect(again.invites.map((i) => `${i.kind}${i.slot}`).sort()).toEqual(["parent2", "student0"]);
    expect(await activate({ code: codeOf(yulia, "student", 0).code, kind: "student", login: "novikova.yulia", password: "Rodina-2026" })).toMatchObject({ status: 410, body: { error: "invite-revoked" } });
    expect((await activate({ code: codeOf(yulia, "student", 0, again).code, kind: "student", login: "novikova.yulia", password: "Rodina-2026" })).status).toBe(201);
    sheet = again;
  });

  it("an expired code is refused (the server restarted 15 days later)", async () => {
    const code = codeOf(yulia, "parent", 2).code;
    await server.stop();
    server = await startServer(server.dataDir, { JOURNAL_NOW: new Date(Date.parse(TEST_NOW) + 15 * 86_400_000).toISOString() });
    expect(await activate({ code, kind: "parent", login: "novikov.ded", password: "Dedushka-55", surname: "Новиков", name: "Пётр" })).toMatchObject({ status: 410, body: { error: "invite-expired" } });
    // The card no longer counts it as out.
    const cards = (await call(server.url, await signIn(server.url, "ivanova"), "GET", `/api/classes/${class5A}/students`)).body as { students: Array<{ id: string; openCodes: { parent: number } }> };
    expect(cards.students.find((s) => s.id === yulia)!.openCodes.parent).toBe(0);
  });

  it("refused codes are throttled like sign-in: after 5 unknown codes from an address, even a good one waits", async () => {
    const fresh = (await call(server.url, await signIn(server.url, "ivanova"), "POST", `/api/classes/${class5A}/invites`, { studentIds: [yulia] })).body as InviteSheet;
    for (let n = 0; n < 5; n++) expect((await activate({ code: `ZZZZZ-ZZZZ${n + 2}`, kind: "parent" })).body).toMatchObject({ error: "invite-unknown" });
    const locked = await activate({ code: fresh.invites[0]!.code, kind: "parent", login: "novikov.ded", password: "Dedushka-55", surname: "Новиков", name: "Пётр" });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: "rate-limited" });
  });
});
