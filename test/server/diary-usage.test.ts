/**
 * A4: the server records when each student and parent opens the diary, and
 * only the class teacher (own class), the administrator and the deputy
 * director see the table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn } from "../support/clients.ts";
import { diaryDocName } from "../../shared/doc-names.ts";
import type { DiaryUsage, DiaryUsageClasses } from "../../shared/diary-usage.ts";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => stopServer(server));

async function openDiaryAs(login: string, studentId: string): Promise<void> {
  const c = openDoc(server.url, await signIn(server.url, login), diaryDocName(studentId));
  await c.synced();
  c.destroy();
}

describe("diary usage monitoring (A4)", () => {
  it("records a family's opens on the server; the class teacher sees when each student and parent last opened the diary", async () => {
    const teacher = await signIn(server.url, "ivanova");
    const classes = (await call(server.url, teacher, "GET", "/api/usage/diary")).body as DiaryUsageClasses;
    expect(classes.classes.map((c) => c.className)).toEqual(["5А"]);
    const classId = classes.classes[0]!.classId;
    const table = async () => (await call(server.url, teacher, "GET", `/api/usage/diary?classId=${classId}`)).body as DiaryUsage;
    const before = await table();
    expect(before.rows).toHaveLength(12);
    const artem = before.rows.find((r) => r.fullName.startsWith("Алексеев Артём"))!;
    expect(artem.readers.map((r) => [r.role, r.lastOpenedAt])).toEqual([["student", null], ["parent", null]]);

    const sentAt = server.now();
    await openDiaryAs("parent.alekseeva", artem.studentId);
    await openDiaryAs("parent.alekseeva", artem.studentId); // a reconnect a moment later is the same visit
    // Staff reading the diary is not family usage.
    await openDiaryAs("ivanova", artem.studentId);
    const after = (await table()).rows.find((r) => r.studentId === artem.studentId)!;
    const parent = after.readers.find((r) => r.role === "parent")!;
    expect(parent.name).toContain("Алексеева");
    // The server's clock, as the test estimates it from outside the process: within a minute.
    expect(Math.abs(parent.lastOpenedAt! - sentAt)).toBeLessThan(60_000);
    expect(parent.visits).toBe(1);
    expect(after.readers.find((r) => r.role === "student")!.lastOpenedAt).toBeNull();
    const ivanovaId = (await me(server.url, teacher)).user.id;
    expect(after.readers.some((r) => r.userId === ivanovaId)).toBe(false);

    await openDiaryAs("alekseev.artem", artem.studentId);
    expect((await table()).rows.find((r) => r.studentId === artem.studentId)!.readers.find((r) => r.role === "student")!.lastOpenedAt).not.toBeNull();
    // Nobody else's row moved.
    expect((await table()).rows.filter((r) => r.studentId !== artem.studentId).every((r) => r.readers.every((x) => x.lastOpenedAt === null))).toBe(true);
  });

  it("nobody else sees it: another class's teacher, a subject teacher, the director, the medical worker, families", async () => {
    const admin = await signIn(server.url, "admin");
    const all = (await call(server.url, admin, "GET", "/api/usage/diary")).body as DiaryUsageClasses;
    expect(all.classes.map((c) => c.className)).toEqual(["1А", "5А", "6Б"]);
    const class5a = all.classes.find((c) => c.className === "5А")!.classId;
    for (const login of ["admin", "deputy"]) {
      for (const c of all.classes) expect((await call(server.url, await signIn(server.url, login), "GET", `/api/usage/diary?classId=${c.classId}`)).status, `${login} ${c.className}`).toBe(200);
    }
    for (const login of ["smirnova", "petrov", "director", "medic", "parent.alekseeva", "alekseev.artem"]) {
      const cookie = await signIn(server.url, login);
      expect(await call(server.url, cookie, "GET", `/api/usage/diary?classId=${class5a}`), login).toEqual({ status: 403, body: { error: "forbidden" } });
    }
    for (const login of ["petrov", "director", "parent.alekseeva"]) {
      expect((await call(server.url, await signIn(server.url, login), "GET", "/api/usage/diary")).status, login).toBe(403);
    }
    expect((await call(server.url, "session=nothing", "GET", `/api/usage/diary?classId=${class5a}`)).status).toBe(401);
  });
});
