/**
 * M1, A3 against the real server: names copied into inbox documents follow
 * the cards. After the class teacher corrects a student's card, the
 * conversations with the student's account show the new name (and its
 * parent's title names the child anew), in open inboxes at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { inboxDocName } from "../../shared/doc-names.ts";
import { inboxConversationsMap, inboxMessagesMap } from "../../shared/messages.ts";
import type { ClassCards } from "../../shared/people.ts";

let server: ServerProcess;
const open: DocClient[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => stopServer(server, open));

describe("names in inboxes follow the cards (M1, A3)", () => {
  it("A3, M1: a corrected student card renames the student's messages and conversation in the teacher's open inbox; the parent's title follows", async () => {
    const ivanova = await signIn(server.url, "ivanova");
    const student = await signIn(server.url, "alekseev.artem");
    const parent = await signIn(server.url, "parent.alekseeva");
    const teacherId = (await me(server.url, ivanova)).user.id;
    expect((await call(server.url, student, "POST", "/api/messages", { to: teacherId, text: "Здравствуйте!" })).status).toBe(201);
    expect((await call(server.url, parent, "POST", "/api/messages", { to: teacherId, text: "Добрый день" })).status).toBe(201);
    const inbox = open[open.push(openDoc(server.url, ivanova, inboxDocName(teacherId))) - 1]!;
    await inbox.synced();
    const studentUserId = (await me(server.url, student)).user.id;
    const parentUserId = (await me(server.url, parent)).user.id;
    const conv = (withId: string) => [...inboxConversationsMap(inbox.doc).values()].find((c) => c.withId === withId)!;
    expect(conv(studentUserId).withName).toBe("Алексеев Артём Дмитриевич");
    expect(conv(parentUserId).withTitle).toContain("Алексеев Артём");

    const classId = (await me(server.url, ivanova)).user.classTeacherOf[0]!;
    const cards = (await call(server.url, ivanova, "GET", `/api/classes/${classId}/students`)).body as ClassCards;
    const card = cards.students.find((s) => s.surname === "Алексеев")!;
    const res = await call(server.url, ivanova, "PATCH", `/api/students/${card.id}`, { surname: "Алексеев", name: "Артемий", patronymic: "Дмитриевич", sex: "м", bornOn: card.bornOn });
    expect(res.status).toBe(200);

    await until(() => conv(studentUserId).withName === "Алексеев Артемий Дмитриевич", "the conversation's name follows the card");
    await until(() => conv(parentUserId).withTitle.includes("Алексеев Артемий"), "the parent's title names the child anew");
    const authored = [...inboxMessagesMap(inbox.doc).values()].filter((m) => m.authorId === studentUserId);
    expect(authored.length).toBeGreaterThan(0);
    expect(authored.every((m) => m.authorName === "Алексеев Артемий Дмитриевич")).toBe(true);
    // The student's own inbox shows its own messages under the new name too (read when next opened).
    const own = open[open.push(openDoc(server.url, student, inboxDocName(studentUserId))) - 1]!;
    await own.synced();
    expect([...inboxMessagesMap(own.doc).values()].filter((m) => m.authorId === studentUserId).every((m) => m.authorName === "Алексеев Артемий Дмитриевич")).toBe(true);
  });
});
