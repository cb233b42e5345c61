/**
 * A1 against the real server: the administrator makes staff accounts with a
 * role, a unique login and a first password; until that password is
 * changed the server refuses everything else for the session (HTTP and
 * sync); disabling and enabling; only the administrator may do any of it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn } from "../support/clients.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import type { FirstPassword, StaffAccount } from "../../shared/people.ts";

let server: ServerProcess;
let admin: string;

beforeAll(async () => {
  server = await startServer();
  admin = await signIn(server.url, "admin");
});
afterAll(() => stopServer(server));

async function signInRaw(login: string, password: string): Promise<{ status: number; cookie: string }> {
  const res = await fetch(`${server.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login, password }) });
  return { status: res.status, cookie: (res.headers.get("set-cookie") ?? "").split(";")[0]! };
}

async function createStaff(body: Record<string, unknown>): Promise<FirstPassword> {
  const res = await call(server.url, admin, "POST", "/api/staff", body);
  expect(res.status).toBe(201);
  return res.body as FirstPassword;
}

describe("staff accounts (A1)", () => {
  it("the administrator makes an account with a role and a first password; the list shows it must still be changed", async () => {
    const made = await createStaff({ login: "Orlova.T", role: "учитель", surname: "Орлова", name: "Татьяна", patronymic: "Павловна" });
    expect(made.login).toBe("orlova.t");
    expect(made.firstPassword).toMatch(/^[A-Za-z2-9]{12}$/);
    const list = (await call(server.url, admin, "GET", "/api/staff")).body as { staff: StaffAccount[] };
    const row = list.staff.find((s) => s.id === made.id)!;
    expect(row).toMatchObject({ login: "orlova.t", role: "teacher", surname: "Орлова", disabled: false, mustChangePassword: true });
    // Only staff: no student or parent is on the list.
    expect(list.staff.every((s) => ["admin", "director", "deputy", "teacher", "medic"].includes(s.role))).toBe(true);
  });

  it("refuses wrong input with the field at fault: taken login, bad login, a role that is not staff, a missing surname", async () => {
    const post = (b: Record<string, unknown>) => call(server.url, admin, "POST", "/api/staff", b);
    expect(await post({ login: "ivanova", role: "teacher", surname: "Иванова", name: "Анна" })).toEqual({ status: 409, body: { error: "login-taken", fields: [{ field: "login", code: "login-taken" }] } });
    expect((await post({ login: "1ab", role: "teacher", surname: "Иванова", name: "Анна" })).body).toMatchObject({ error: "invalid-login" });
    expect((await post({ login: "new.parent", role: "parent", surname: "Иванова", name: "Анна" })).body).toMatchObject({ error: "invalid-role" });
    expect((await post({ login: "new.one", role: "medic", surname: " ", name: "Анна" })).body).toMatchObject({ error: "field-required", fields: [{ field: "surname", code: "field-required" }] });
    expect((await post({ login: "new.two", role: "medic", surname: "<script>", name: "Анна" })).body).toMatchObject({ error: "invalid-name" });
  });

  it("R1: nobody but the administrator makes, lists, resets, enables or disables accounts", async () => {
    const made = await createStaff({ login: "staff.target", role: "medic", surname: "Егорова", name: "Вера" });
    for (const login of ["director", "deputy", "ivanova", "parent.alekseeva", "alekseev.artem"]) {
      const cookie = await signIn(server.url, login);
      expect(await call(server.url, cookie, "POST", "/api/staff", { login: `x.${login}`, role: "teacher", surname: "Иванов", name: "Иван" })).toMatchObject({ status: 403, body: { error: "forbidden" } });
      expect((await call(server.url, cookie, "GET", "/api/staff")).status).toBe(403);
      expect((await call(server.url, cookie, "POST", `/api/staff/${made.id}/reset-password`)).status).toBe(403);
      expect((await call(server.url, cookie, "POST", `/api/users/${made.id}/enable`)).status).toBe(403);
      expect((await call(server.url, cookie, "POST", `/api/users/${made.id}/disable`)).status).toBe(403);
    }
    expect((await call(server.url, "", "GET", "/api/staff")).status).toBe(401);
  });

  it("a first password lets the user in only to change it: every other route says password-change-required, sync is refused", async () => {
    const made = await createStaff({ login: "first.login", role: "teacher", surname: "Зуева", name: "Нина", patronymic: "Олеговна" });
    const signed = await signInRaw("first.login", made.firstPassword);
    expect(signed.status).toBe(200);
    const profile = await me(server.url, signed.cookie);
    expect(profile.user.mustChangePassword).toBe(true);
    expect(profile.pages).toEqual([]);
    expect(await call(server.url, signed.cookie, "GET", "/api/messages/contacts")).toEqual({ status: 403, body: { error: "password-change-required" } });
    expect(await call(server.url, signed.cookie, "GET", "/api/classes")).toEqual({ status: 403, body: { error: "password-change-required" } });
    expect((await call(server.url, signed.cookie, "POST", "/api/messages", { to: "1", text: "x" })).body).toEqual({ error: "password-change-required" });
    const someone = (await me(server.url, admin)).user.id;
    const inbox = openDoc(server.url, signed.cookie, `inbox/${someone}`);
    expect((await inbox.closed).code).toBe(CLOSE_CODES.unauthenticated);
    inbox.destroy();

    // The change itself: the current password is checked; a weak or unchanged one is refused.
    const change = (b: Record<string, unknown>) => call(server.url, signed.cookie, "POST", "/api/password", b);
    expect(await change({ currentPassword: "wrong-one", newPassword: "Kosmos-2026" })).toMatchObject({ status: 401, body: { error: "invalid-credentials" } });
    expect(await change({ currentPassword: made.firstPassword, newPassword: "short" })).toMatchObject({ status: 400, body: { error: "weak-password" } });
    expect(await change({ currentPassword: made.firstPassword, newPassword: "first.login-2026" })).toMatchObject({ status: 400, body: { error: "weak-password" } });
    expect(await change({ currentPassword: made.firstPassword, newPassword: made.firstPassword })).toMatchObject({ status: 400, body: { error: "password-unchanged" } });
    const res = await fetch(`${server.url}/api/password`, {
      method: "POST", headers: { cookie: signed.cookie, "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: made.firstPassword, newPassword: "Kosmos-2026" }),
    });
    expect(res.status).toBe(200);
    const fresh = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    // The old session ended with the first password; the new one is let in everywhere.
    expect((await call(server.url, signed.cookie, "GET", "/api/messages/contacts")).status).toBe(401);
    expect((await call(server.url, fresh, "GET", "/api/messages/contacts")).status).toBe(200);
    expect((await me(server.url, fresh)).user.mustChangePassword).toBeUndefined();
    expect((await signInRaw("first.login", made.firstPassword)).status).toBe(401);
    expect((await signInRaw("first.login", "Kosmos-2026")).status).toBe(200);
  });

  it("a reset gives a new first password: sessions end, and the change is required again", async () => {
    const made = await createStaff({ login: "reset.me", role: "deputy", surname: "Ершова", name: "Лидия" });
    const first = await signInRaw("reset.me", made.firstPassword);
    await call(server.url, first.cookie, "POST", "/api/password", { currentPassword: made.firstPassword, newPassword: "Zvezda-2027" });
    const own = await signInRaw("reset.me", "Zvezda-2027");
    const page = (await me(server.url, own.cookie)).pages[0]!;
    const socket = openDoc(server.url, own.cookie, page.docName);
    await socket.synced();
    const reset = await call(server.url, admin, "POST", `/api/staff/${made.id}/reset-password`);
    expect(reset.status).toBe(200);
    const { firstPassword } = reset.body as FirstPassword;
    expect(firstPassword).not.toBe(made.firstPassword);
    expect((await call(server.url, own.cookie, "GET", "/api/me")).status).toBe(401);
    // The open socket ends with its session, not at the next sweep.
    expect(await socket.closed).toEqual({ code: CLOSE_CODES.unauthenticated, reason: "unauthenticated" });
    socket.destroy();
    expect((await signInRaw("reset.me", "Zvezda-2027")).status).toBe(401);
    const again = await signInRaw("reset.me", firstPassword);
    expect((await me(server.url, again.cookie)).user.mustChangePassword).toBe(true);
  });

  it("a disabled account cannot sign in; enabled again, it can", async () => {
    const made = await createStaff({ login: "on.off", role: "medic", surname: "Титова", name: "Ольга" });
    const s = await signInRaw("on.off", made.firstPassword);
    await call(server.url, s.cookie, "POST", "/api/password", { currentPassword: made.firstPassword, newPassword: "Lazurit-77" });
    expect((await call(server.url, admin, "POST", `/api/users/${made.id}/disable`)).status).toBe(200);
    expect((await signInRaw("on.off", "Lazurit-77")).status).toBe(401);
    const list = (await call(server.url, admin, "GET", "/api/staff")).body as { staff: StaffAccount[] };
    expect(list.staff.find((x) => x.id === made.id)!.disabled).toBe(true);
    expect(await call(server.url, admin, "POST", `/api/users/${made.id}/enable`)).toEqual({ status: 200, body: { userId: made.id, disabled: false } });
    expect((await signInRaw("on.off", "Lazurit-77")).status).toBe(200);
    expect((await call(server.url, admin, "POST", "/api/users/999999/enable")).status).toBe(404);
  });
});
