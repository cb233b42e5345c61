/**
 * A1 against the real server: the first passwords the administrator's screen
 * prints on the sheet are answered once, when an account is made or reset;
 * each signs its account in only to a forced change; none is stored in clear
 * anywhere in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, signIn } from "../support/clients.ts";
import type { FirstPassword, StaffAccount } from "../../shared/people.ts";

let server: ServerProcess;
let admin: string;

beforeAll(async () => {
  server = await startServer();
  admin = await signIn(server.url, "admin");
});
afterAll(() => stopServer(server));

describe("the sheet of staff first passwords (A1)", () => {
  it("A1: each new account's first password is answered once, signs in only to change it, and is kept nowhere in clear", async () => {
    const made: FirstPassword[] = [];
    for (const [login, surname] of [["orlova", "Орлова"], ["zaitsev", "Зайцев"]] as const) {
      const res = await call(server.url, admin, "POST", "/api/staff", { login, role: "teacher", surname, name: "Анна" });
      expect(res.status).toBe(201);
      made.push(res.body as FirstPassword);
    }
    expect(new Set(made.map((m) => m.firstPassword)).size).toBe(2);
    // The list of staff never shows a password again.
    const list = (await call(server.url, admin, "GET", "/api/staff")).body as { staff: StaffAccount[] };
    expect(JSON.stringify(list)).not.toContain(made[0]!.firstPassword);
    expect(list.staff.find((s) => s.login === "orlova")).toMatchObject({ mustChangePassword: true });
    // A reset issues a new one (for a new sheet); the old one no longer works.
    const reset = (await call(server.url, admin, "POST", `/api/staff/${made[1]!.id}/reset-password`)).body as FirstPassword;
    expect(reset.firstPassword).not.toBe(made[1]!.firstPassword);
    expect((await fetch(`${server.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "zaitsev", password: made[1]!.firstPassword }) })).status).toBe(401);
    // The first password signs in only to change it.
    const first = await signIn(server.url, "orlova", made[0]!.firstPassword);
    expect((await call(server.url, first, "GET", "/api/plans")).body).toEqual({ error: "password-change-required" });
    // Nothing in the data directory holds a first password in clear.
    await call(server.url, admin, "POST", "/api/backups");
    for (const file of readdirSync(server.dataDir).filter((f) => f.startsWith("journal.sqlite"))) {
      const bytes = readFileSync(join(server.dataDir, file)).toString("latin1");
      for (const p of [...made, reset]) expect(bytes.includes(p.firstPassword)).toBe(false);
    }
  });

  it("A1: only the administrator makes accounts and so gets first passwords", async () => {
    for (const login of ["deputy", "director", "ivanova"]) {
      expect((await call(server.url, await signIn(server.url, login), "POST", "/api/staff", { login: "x.y", role: "teacher", surname: "Икс", name: "Игрек" })).body).toEqual({ error: "forbidden" });
    }
  });
});
