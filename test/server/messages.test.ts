/**
 * M1 against the real server: who may write to whom (the relation rule),
 * live delivery into each participant's own inbox document with unread
 * counts, a teacher's message to all parents of a class, and every refusal
 * and privacy boundary: other people's conversations and inboxes, limits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { startServer, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until } from "../support/clients.ts";
import { inboxDocName } from "../../shared/doc-names.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { conversationMessages, inboxConversationsMap, inboxMessagesMap, MAX_MESSAGE_CHARS, MESSAGE_BURST, type ContactList } from "../../shared/messages.ts";

let server: ServerProcess;
const cookies = new Map<string, string>();
const ids = new Map<string, string>();

async function as(login: string): Promise<string> {
  if (!cookies.has(login)) {
    const cookie = await signIn(server.url, login);
    cookies.set(login, cookie);
    ids.set(login, (await me(server.url, cookie)).user.id);
  }
  return cookies.get(login)!;
}
async function idOf(login: string): Promise<string> {
  await as(login);
  return ids.get(login)!;
}
async function send(from: string, to: string, text: string) {
  return call(server.url, await as(from), "POST", "/api/messages", { to: await idOf(to), text });
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => stopServer(server));

describe("who may write to whom (M1, R8, R9)", () => {
  it("a parent writes to the class teacher, a subject teacher of its child and the administration", async () => {
    for (const to of ["ivanova", "petrov", "director", "admin", "deputy"]) {
      const res = await send("parent.belova", to, `Здравствуйте, ${to}!`);
      expect(res.status, to).toBe(201);
    }
    // A student, likewise, to its own class teacher.
    expect((await send("alekseev.artem", "ivanova", "Я заболел")).status).toBe(201);
  });

  it("staff cannot be written to by families with no relation: another class's teacher, the medical worker; families never write to families", async () => {
    // parent.abramova's only child is in 6Б: ivanova (5А) and vasilieva (1А) teach her nothing.
    for (const [from, to] of [
      ["parent.abramova", "ivanova"], ["parent.abramova", "vasilieva"], ["parent.abramova", "medic"],
      ["parent.abramova", "parent.belova"], ["alekseev.artem", "vasilieva"], ["alekseev.artem", "belova.anastasiya"],
      // The same rule the other way: a teacher does not write to a family it has nothing to do with.
      ["vasilieva", "parent.belova"],
    ] as const) {
      const res = await send(from, to, "Можно вопрос?");
      expect({ from, to, res }).toEqual({ from, to, res: { status: 403, body: { error: "recipient-not-allowed" } } });
    }
    // Nor to oneself, nor to someone who does not exist.
    expect((await send("parent.abramova", "parent.abramova", "я")).status).toBe(403);
    expect((await call(server.url, await as("parent.abramova"), "POST", "/api/messages", { to: "999999", text: "кто здесь?" })).status).toBe(403);
  });

  it("the contact list offers exactly whom the rule allows", async () => {
    const list = (await call(server.url, await as("parent.abramova"), "GET", "/api/messages/contacts")).body as ContactList;
    const offered = new Set(list.contacts.map((c) => c.userId));
    for (const ok of ["smirnova", "petrov", "kuznetsova", "director", "admin", "deputy"]) expect(offered.has(await idOf(ok)), ok).toBe(true);
    for (const no of ["ivanova", "vasilieva", "medic", "parent.belova"]) expect(offered.has(await idOf(no)), no).toBe(false);
    expect(list.classes).toEqual([]);
    const teacher = (await call(server.url, await as("ivanova"), "GET", "/api/messages/contacts")).body as ContactList;
    expect(teacher.classes.map((c) => c.className)).toEqual(["5А"]);
    expect(teacher.contacts.some((c) => c.userId === ids.get("parent.belova"))).toBe(true);
    expect(teacher.contacts.some((c) => c.userId === ids.get("parent.abramova"))).toBe(false);
  });
});

describe("live delivery, unread counts, reading (M1)", () => {
  it("a message appears live in both inboxes; the recipient's unread count rises and reading clears it on every device", async () => {
    const teacherInbox = openDoc(server.url, await as("smirnova"), inboxDocName(await idOf("smirnova")));
    const parentInbox = openDoc(server.url, await as("parent.grigoreva"), inboxDocName(await idOf("parent.grigoreva")));
    await Promise.all([teacherInbox.synced(), parentInbox.synced()]);
    const first = await send("parent.grigoreva", "smirnova", "Полина завтра пропустит историю.");
    expect(first.status).toBe(201);
    const { conversationId } = first.body as { conversationId: string; messageId: string };
    await send("parent.grigoreva", "smirnova", "Справка будет.");
    const summary = () => inboxConversationsMap(teacherInbox.doc).get(conversationId);
    await until(() => summary()?.unread === 2, "two unread messages in the teacher's inbox");
    expect(summary()!.withName).toContain("Григорьева");
    expect(summary()!.withTitle).toContain("родитель: Григорьева Полина");
    expect(conversationMessages(teacherInbox.doc, conversationId).map((m) => m.text)).toEqual(["Полина завтра пропустит историю.", "Справка будет."]);
    // The author's own messages are never unread for it.
    await until(() => inboxConversationsMap(parentInbox.doc).get(conversationId)?.unread === 0 && conversationMessages(parentInbox.doc, conversationId).length === 2, "the parent's copy");

    // A second device of the teacher sees the count drop when the first one reads.
    const otherDevice = openDoc(server.url, await signIn(server.url, "smirnova"), inboxDocName(await idOf("smirnova")));
    await otherDevice.synced();
    expect(inboxConversationsMap(otherDevice.doc).get(conversationId)!.unread).toBe(2);
    const read = await call(server.url, await as("smirnova"), "POST", `/api/conversations/${conversationId}/read`, { upTo: summary()!.lastMessageId });
    expect(read.status).toBe(204);
    await until(() => inboxConversationsMap(otherDevice.doc).get(conversationId)?.unread === 0, "read on the other device");

    // The answer goes live the other way.
    expect((await call(server.url, await as("smirnova"), "POST", "/api/messages", { conversationId, text: "Спасибо, поправляйтесь." })).status).toBe(201);
    await until(() => inboxConversationsMap(parentInbox.doc).get(conversationId)?.unread === 1, "the answer in the parent's inbox");
    expect(inboxConversationsMap(parentInbox.doc).get(conversationId)!.preview).toBe("Спасибо, поправляйтесь.");
    for (const c of [teacherInbox, parentInbox, otherDevice]) c.destroy();
  });

  it("a teacher writes to all parents of its class: each family gets it in its own conversation and sees no other family", async () => {
    const belova = openDoc(server.url, await as("parent.belova"), inboxDocName(await idOf("parent.belova")));
    await belova.synced();
    const before = inboxConversationsMap(belova.doc).size;
    const res = await call(server.url, await as("ivanova"), "POST", "/api/messages/class-parents", { classId: await classId("5А"), text: "Родительское собрание в четверг в 18:00." });
    expect(res.status).toBe(201);
    // 5А has 12 students; parent.alekseeva has a child in 1А too, and is still one family here.
    expect((res.body as { recipients: number }).recipients).toBe(12);
    await until(() => [...inboxMessagesMap(belova.doc).values()].some((m) => m.text.startsWith("Родительское собрание")), "the message in a parent's inbox");
    const got = [...inboxMessagesMap(belova.doc).values()].find((m) => m.text.startsWith("Родительское собрание"))!;
    expect(got.toClassParents).toBe("5А");
    expect(got.authorId).toBe(ids.get("ivanova"));
    expect(inboxConversationsMap(belova.doc).size).toBe(before); // the existing conversation with ivanova
    const everything = JSON.stringify(belova.doc.toJSON());
    for (const other of ["Алексеева", "Волкова", "Григорьева", "Денисова"]) expect(everything).not.toContain(other);

    // A reply reaches the teacher alone.
    const reply = await call(server.url, await as("parent.belova"), "POST", "/api/messages", { conversationId: got.conversationId, text: "Будем." });
    expect(reply.status).toBe(201);
    const volkova = openDoc(server.url, await as("parent.volkova"), inboxDocName(await idOf("parent.volkova")));
    await volkova.synced();
    expect(JSON.stringify(volkova.doc.toJSON())).not.toContain("Будем.");
    belova.destroy();
    volkova.destroy();
  });

  it("only the administration and the class's own teachers write to all its parents", async () => {
    const c5a = await classId("5А");
    for (const login of ["vasilieva", "parent.belova", "alekseev.artem", "medic"]) {
      const res = await call(server.url, await as(login), "POST", "/api/messages/class-parents", { classId: c5a, text: "Всем!" });
      expect({ login, res }).toEqual({ login, res: { status: 403, body: { error: "recipient-not-allowed" } } });
    }
    expect((await call(server.url, await as("petrov"), "POST", "/api/messages/class-parents", { classId: c5a, text: "Диктант в пятницу." })).status).toBe(201);
    expect((await call(server.url, await as("deputy"), "POST", "/api/messages/class-parents", { classId: c5a, text: "Каникулы с 28 декабря." })).status).toBe(201);
    expect((await call(server.url, await as("ivanova"), "POST", "/api/messages/class-parents", { classId: "99999", text: "?" })).status).toBe(404);
  });
});

async function classId(name: string): Promise<string> {
  const list = (await call(server.url, await as("admin"), "GET", "/api/messages/contacts")).body as ContactList;
  return list.classes.find((c) => c.className === name)!.classId;
}

describe("privacy of correspondence (M1, A3)", () => {
  it("nobody else reads, answers or marks read a conversation, not even the administration", async () => {
    const sent = await send("parent.denisova", "ivanova", "Личный вопрос о Кирилле.");
    const { conversationId } = sent.body as { conversationId: string };
    for (const login of ["petrov", "admin", "director", "parent.belova", "denisov.kirill"]) {
      const cookie = await as(login);
      expect((await call(server.url, cookie, "GET", `/api/conversations/${conversationId}/messages`)).status, login).toBe(404);
      expect((await call(server.url, cookie, "POST", "/api/messages", { conversationId, text: "я тоже" })).status, login).toBe(404);
      expect((await call(server.url, cookie, "POST", `/api/conversations/${conversationId}/read`, { upTo: "999999" })).status, login).toBe(404);
    }
    const own = await call(server.url, await as("ivanova"), "GET", `/api/conversations/${conversationId}/messages`);
    // The conversation began with the message to all parents of 5А.
    expect((own.body as { messages: Array<{ text: string }> }).messages.map((m) => m.text)).toEqual(["Родительское собрание в четверг в 18:00.", "Личный вопрос о Кирилле."]);
  });

  it("an inbox opens for its owner only: everyone else is refused at connection, existing user or not", async () => {
    const target = inboxDocName(await idOf("ivanova"));
    for (const login of ["petrov", "admin", "director", "parent.denisova"]) {
      const c = openDoc(server.url, await as(login), target);
      expect(await c.closed, login).toEqual({ code: 4403, reason: "forbidden" });
      expect(c.doc.share.size === 0 || inboxMessagesMap(c.doc).size === 0).toBe(true);
      c.destroy();
    }
    const nobody = openDoc(server.url, await as("parent.denisova"), inboxDocName("999999"));
    expect(await nobody.closed).toEqual({ code: 4403, reason: "forbidden" });
    nobody.destroy();
    const anonymous = openDoc(server.url, "session=nothing", target);
    expect((await anonymous.closed).code).toBe(4401);
    anonymous.destroy();
  });

  it("a client's write into its own inbox is refused and undone: the inbox is the server's projection", async () => {
    const cookie = await as("parent.denisova");
    const inbox = openDoc(server.url, cookie, inboxDocName(await idOf("parent.denisova")));
    await inbox.synced();
    const forged = { id: "1", conversationId: "1", authorId: await idOf("ivanova"), authorName: "Иванова", text: "Кирилл отчислен", at: 0, toClassParents: null };
    inbox.doc.transact(() => inboxMessagesMap(inbox.doc).set("1:1", forged), ORIGIN.local);
    await until(() => inbox.notices.length > 0, "a refusal notice");
    expect(inbox.notices[0]!.changes[0]!.code).toBe("forbidden");
    await until(() => !inboxMessagesMap(inbox.doc).has("1:1"), "the forged message undone");
    inbox.destroy();
    const fresh = openDoc(server.url, cookie, inboxDocName(await idOf("parent.denisova")), new Y.Doc());
    await fresh.synced();
    expect(JSON.stringify(fresh.doc.toJSON())).not.toContain("Кирилл отчислен");
    fresh.destroy();
  });
});

describe("limits (M1)", () => {
  it("an empty, too long or non-text message is refused with a clear code; the sign-in, the origin and a flood are checked", async () => {
    expect(await send("parent.egorova", "ivanova", "   \n\t ")).toEqual({ status: 400, body: { error: "message-empty" } });
    expect(await send("parent.egorova", "ivanova", "я".repeat(MAX_MESSAGE_CHARS + 1))).toEqual({ status: 413, body: { error: "text-too-long" } });
    expect((await send("parent.egorova", "ivanova", "я".repeat(MAX_MESSAGE_CHARS))).status).toBe(201);
    expect(await call(server.url, await as("parent.egorova"), "POST", "/api/messages", { to: await idOf("ivanova"), text: { html: "<b>" } })).toEqual({ status: 400, body: { error: "bad-request" } });
    expect((await call(server.url, "session=nothing", "POST", "/api/messages", { to: await idOf("ivanova"), text: "hi" })).status).toBe(401);
    expect((await call(server.url, "session=nothing", "GET", "/api/messages/contacts")).status).toBe(401);
    const foreign = await fetch(`${server.url}/api/messages`, {
      method: "POST", headers: { cookie: await as("parent.egorova"), origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ to: await idOf("ivanova"), text: "csrf" }),
    });
    expect(foreign.status).toBe(403);

    // A flood: the burst passes, then the sender is told to slow down; nothing it was told was sent is lost.
    const statuses: number[] = [];
    for (let i = 0; i < MESSAGE_BURST + 5; i++) statuses.push((await send("parent.zhukova", "ivanova", `Сообщение ${i}`)).status);
    expect(statuses.slice(0, MESSAGE_BURST).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(MESSAGE_BURST)).toContain(429);
    const inbox = openDoc(server.url, await as("ivanova"), inboxDocName(await idOf("ivanova")));
    await inbox.synced();
    const texts = [...inboxMessagesMap(inbox.doc).values()].filter((m) => m.authorId === ids.get("parent.zhukova")).map((m) => m.text);
    expect(texts.length).toBe(statuses.filter((s) => s === 201).length);
    inbox.destroy();
  });
});
