/**
 * Access, exhaustively: every demo account against every journal page and
 * every diary, over the sync endpoint and the HTTP API, compared with what
 * DOMAIN.md allows, worked out here from the school's records (R1-R9, D1, A3).
 * Sessions are made directly in the store: this tests authorization, not sign-in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../support/store.ts";
import { join } from "node:path";
import WebSocket from "ws";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { generateSessionToken, sessionIdOf } from "../../server/auth/sessions.ts";
import type { Me } from "../../shared/api.ts";
import { recordFaults } from "../support/fault-summary.ts";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => stopServer(server));

interface User { id: number; login: string; role: string; student_id: number | null }

function connect(cookie: string, docName: string): Promise<{ code: number; reason: string } | "open"> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/sync/${docName}`, { headers: { cookie } });
    let opened = false;
    ws.on("message", () => {
      // The server only talks to a socket it let in: the first message means access.
      opened = true;
      ws.close();
      resolve("open");
    });
    ws.on("close", (code, reason) => !opened && resolve({ code, reason: reason.toString() }));
    ws.on("error", () => !opened && resolve({ code: -1, reason: "error" }));
  });
}

describe("every role reaches exactly what DOMAIN.md allows (issue 9)", () => {
  it("R1-R9, D1: journals and diaries over sync, and the lists /api/me offers", async () => {
    const db = openStore(server);
    const users = db.prepare("SELECT id, login, role, student_id FROM users").all() as User[];
    const pages = db.prepare("SELECT p.id, p.class_id, p.teacher_id FROM pages p").all() as Array<{ id: number; class_id: number; teacher_id: number }>;
    const students = db.prepare("SELECT id, class_id FROM students").all() as Array<{ id: number; class_id: number }>;
    const classTeacher = new Map((db.prepare("SELECT id, class_teacher_id FROM classes").all() as Array<{ id: number; class_teacher_id: number }>).map((c) => [c.id, c.class_teacher_id]));
    const parentsOf = new Map<number, number[]>();
    for (const l of db.prepare("SELECT parent_id, student_id FROM parent_links").all() as Array<{ parent_id: number; student_id: number }>) {
      parentsOf.set(l.student_id, [...(parentsOf.get(l.student_id) ?? []), l.parent_id]);
    }
    const cookies = new Map<number, string>();
    const insert = db.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)");
    for (const u of users) {
      const token = generateSessionToken();
      insert.run(sessionIdOf(token), u.id, Date.now() + 3_600_000);
      cookies.set(u.id, `session=${token}`);
    }
    db.close();

    const administration = new Set(["admin", "director", "deputy"]);
    const expectedJournal = (u: User, p: (typeof pages)[number]) => {
      if (u.role === "student" || u.role === "parent") return "forbidden";
      if (u.role === "teacher" && (u.id === p.teacher_id || classTeacher.get(p.class_id) === u.id)) return "open";
      if (administration.has(u.role)) return "open";
      return "not-your-page";
    };
    const expectedDiary = (u: User, s: (typeof students)[number]) => {
      const own = u.student_id === s.id && u.role === "student";
      const child = u.role === "parent" && (parentsOf.get(s.id) ?? []).includes(u.id);
      const staff = classTeacher.get(s.class_id) === u.id || administration.has(u.role);
      return own || child || staff ? "open" : "not-your-diary";
    };

    const cases: Array<{ user: User; doc: string; expected: string }> = [];
    for (const u of users) {
      for (const p of pages) cases.push({ user: u, doc: `journal/${p.id}`, expected: expectedJournal(u, p) });
      for (const s of students) cases.push({ user: u, doc: `diary/${s.id}`, expected: expectedDiary(u, s) });
      // Guessed ids that do not exist: families learn nothing from the answer.
      for (const doc of ["diary/99999", "journal/99999"]) {
        cases.push({ user: u, doc, expected: u.role === "student" || u.role === "parent" ? "forbidden" : "unknown-document" });
      }
    }
    const mismatches: string[] = [];
    for (let i = 0; i < cases.length; i += 25) {
      await Promise.all(
        cases.slice(i, i + 25).map(async (c) => {
          const got = await connect(cookies.get(c.user.id)!, c.doc);
          const answer = got === "open" ? "open" : got.reason;
          if (answer !== c.expected) mismatches.push(`${c.user.login} -> ${c.doc}: expected ${c.expected}, got ${answer}`);
        }),
      );
    }
    recordFaults("access matrix", { "connection attempts": cases.length, "accounts": users.length, "leaks": mismatches.length });
    expect(mismatches).toEqual([]);

    // The HTTP API offers exactly the documents the socket lets in.
    for (const u of users) {
      const res = await fetch(`${server.url}/api/me`, { headers: { cookie: cookies.get(u.id)! } });
      const body = (await res.json()) as Me;
      const pagesOffered = body.pages.map((p) => `journal/${p.pageId}`).sort();
      const pagesAllowed = pages.filter((p) => expectedJournal(u, p) === "open").map((p) => `journal/${p.id}`).sort();
      expect(pagesOffered, `${u.login}'s pages`).toEqual(pagesAllowed);
      for (const d of body.diaries) expect(expectedDiary(u, students.find((s) => String(s.id) === d.studentId)!), `${u.login} offered ${d.docName}`).toBe("open");
      if (u.role === "parent") expect(body.diaries.length).toBe(students.filter((s) => (parentsOf.get(s.id) ?? []).includes(u.id)).length);
    }
  }, 180_000);
});
