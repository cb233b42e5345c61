/**
 * J2 homework files through the real server: who may attach, what is
 * accepted (size, type by content), how they are served (always as a
 * download), and that the class's diaries list them while others learn nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until } from "../support/clients.ts";
import { lessonOn } from "../support/journal-fixtures.ts";
import { lessonsMap, readAttachments } from "../../shared/journal-schema.ts";
import { diaryLessonsMap, diaryEntryKey } from "../../shared/diary-schema.ts";
import { MAX_ATTACHMENT_BYTES } from "../../shared/attachments.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let ivanova: string;
let page: PageSummary;
let lessonId: string;

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

async function upload(cookie: string, lesson: string, name: string, body: Uint8Array, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/lessons/${lesson}/attachments`, {
    method: "POST",
    headers: { cookie, "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(name), ...headers },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as { id?: string; error?: string } | null };
}

beforeAll(async () => {
  server = await startServer();
  ivanova = await signIn(server.url, "ivanova");
  page = (await me(server.url, ivanova)).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
  const doc = openDoc(server.url, ivanova, page.docName);
  await doc.synced();
  lessonId = lessonOn(doc.doc, TEST_TODAY)!.id;
  doc.destroy();
});
afterAll(() => stopServer(server));

describe("homework files (J2; issue 9 uploads)", () => {
  it("J2, R5, D1: the teacher attaches a PDF; the page and the class's diaries list it; parents download it as an attachment, other families cannot", async () => {
    const journal = openDoc(server.url, ivanova, page.docName);
    await journal.synced();
    const parent = await signIn(server.url, "parent.alekseeva");
    const child = (await me(server.url, parent)).diaries.find((d) => d.className === "5А")!;
    const diary = openDoc(server.url, parent, child.docName);
    await diary.synced();

    const name = `Задание <img src=x onerror=alert(1)> "№ 5".pdf`;
    const sent = await upload(ivanova, lessonId, name, PDF);
    expect(sent.status).toBe(201);
    const id = sent.body!.id!;
    await until(() => readAttachments(lessonsMap(journal.doc).get(lessonId)!).length === 1, "listed in the page");
    expect(readAttachments(lessonsMap(journal.doc).get(lessonId)!)[0]).toEqual({ id, name, size: PDF.length });
    const key = diaryEntryKey(page.pageId, lessonId);
    await until(() => (diaryLessonsMap(diary.doc).get(key)?.attachments ?? []).length === 1, "listed in the diary");

    const got = await fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: parent } });
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    const disposition = got.headers.get("content-disposition")!;
    expect(disposition.startsWith("attachment;")).toBe(true);
    // The name's own quotes cannot end the parameter early.
    expect(disposition).toMatch(/^attachment; filename="[^"\\]*"; filename\*=UTF-8''[^"\s;]+$/);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PDF);

    // Another class's family, a stranger without a session: nothing, not even that it exists.
    const otherFamily = await signIn(server.url, "parent.abramova");
    expect((await fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: otherFamily } })).status).toBe(404);
    expect((await fetch(`${server.url}/api/attachments/${id}`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: await signIn(server.url, "director") } })).status).toBe(200);

    // Removing it takes it off the page and the diaries; the file is no longer served.
    expect((await call(server.url, await signIn(server.url, "smirnova"), "DELETE", `/api/attachments/${id}`)).status).toBe(403);
    expect((await call(server.url, ivanova, "DELETE", `/api/attachments/${id}`)).status).toBe(204);
    await until(() => readAttachments(lessonsMap(journal.doc).get(lessonId)!).length === 0, "gone from the page");
    await until(() => (diaryLessonsMap(diary.doc).get(key)?.attachments ?? []).length === 0, "gone from the diary");
    expect((await fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: parent } })).status).toBe(404);

    // The audit keeps both events.
    const audit = await call(server.url, await signIn(server.url, "admin"), "GET", `/api/audit?doc=${encodeURIComponent(page.docName)}&target=${encodeURIComponent(`lessons/${lessonId}/attachments`)}`);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain("№ 5");
    journal.destroy();
    diary.destroy();
  });

  it("a file is accepted only by its content and size: disguised pages, scripts, SVG and oversize files are refused with a clear code", async () => {
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    expect(await upload(ivanova, lessonId, "homework.pdf", html)).toEqual({ status: 415, body: { error: "file-type-not-allowed" } });
    expect(await upload(ivanova, lessonId, "page.html", html)).toEqual({ status: 415, body: { error: "file-type-not-allowed" } });
    expect(await upload(ivanova, lessonId, "image.svg", new TextEncoder().encode("<svg onload=alert(1)/>"))).toEqual({ status: 415, body: { error: "file-type-not-allowed" } });
    expect(await upload(ivanova, lessonId, "setup.exe", new Uint8Array([0x4d, 0x5a, 0x90, 0]))).toEqual({ status: 415, body: { error: "file-type-not-allowed" } });
    expect(await upload(ivanova, lessonId, "binary.txt", new Uint8Array([0x41, 0, 0x42]))).toEqual({ status: 415, body: { error: "file-type-not-allowed" } });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    expect(await upload(ivanova, lessonId, "big.pdf", big)).toEqual({ status: 413, body: { error: "file-too-large" } });
    expect((await upload(ivanova, lessonId, "../../etc/notes.txt", new TextEncoder().encode("Упр. 5, стр. 12\n"))).status).toBe(201);
    const doc = openDoc(server.url, ivanova, page.docName);
    await doc.synced();
    const names = readAttachments(lessonsMap(doc.doc).get(lessonId)!).map((a) => a.name);
    expect(names).toContain("notes.txt");
    for (const refused of ["homework.pdf", "page.html", "image.svg", "setup.exe", "binary.txt", "big.pdf"]) expect(names).not.toContain(refused);
    doc.destroy();
  });

  it("R5, R8, R9: only whoever fills the lesson attaches; a cross-site request is refused; a client cannot write the list itself", async () => {
    expect((await upload(await signIn(server.url, "smirnova"), lessonId, "a.pdf", PDF)).status).toBe(403);
    expect((await upload(await signIn(server.url, "parent.alekseeva"), lessonId, "a.pdf", PDF)).status).toBe(403);
    expect((await upload(await signIn(server.url, "director"), lessonId, "a.pdf", PDF)).body).toEqual({ error: "not-your-page" });
    expect((await upload(ivanova, lessonId, "a.pdf", PDF, { origin: "https://evil.example" })).body).toEqual({ error: "csrf" });
    expect((await upload(ivanova, "999999", "a.pdf", PDF)).status).toBe(404);

    const doc = openDoc(server.url, ivanova, page.docName);
    await doc.synced();
    const before = readAttachments(lessonsMap(doc.doc).get(lessonId)!);
    doc.doc.transact(() => lessonsMap(doc.doc).get(lessonId)!.set("attachments", [{ id: "forged", name: "x.pdf", size: 1 }]), ORIGIN.local);
    await until(() => doc.notices.some((n) => n.changes.some((c) => c.code === "read-only-field")), "refused");
    await until(() => JSON.stringify(readAttachments(lessonsMap(doc.doc).get(lessonId)!)) === JSON.stringify(before), "compensated");
    doc.destroy();
  });

  it("J2: the same file sent again under the same name (a retry whose answer was lost) is listed once; another name is another file", async () => {
    const journal = openDoc(server.url, ivanova, page.docName);
    await journal.synced();
    const first = await upload(ivanova, lessonId, "Повтор.pdf", PDF);
    expect(first.status).toBe(201);
    const again = await upload(ivanova, lessonId, "Повтор.pdf", PDF);
    expect(again).toEqual({ status: 200, body: first.body });
    const renamed = await upload(ivanova, lessonId, "Повтор (2).pdf", PDF);
    expect(renamed.status).toBe(201);
    const listed = () => readAttachments(lessonsMap(journal.doc).get(lessonId)!).filter((a) => a.name.startsWith("Повтор"));
    await until(() => listed().length === 2, "both names listed");
    expect(listed().map((a) => a.id).sort()).toEqual([first.body!.id!, renamed.body!.id!].sort());
    // Removed, the file may be attached again: a new copy, listed anew.
    expect((await call(server.url, ivanova, "DELETE", `/api/attachments/${first.body!.id!}`)).status).toBe(204);
    const back = await upload(ivanova, lessonId, "Повтор.pdf", PDF);
    expect(back.status).toBe(201);
    expect(back.body!.id).not.toBe(first.body!.id);
    for (const a of listed()) await call(server.url, ivanova, "DELETE", `/api/attachments/${a.id}`);
    journal.destroy();
  });

  it("at most ten files per lesson", async () => {
    const other = await (async () => {
      const doc = openDoc(server.url, ivanova, page.docName);
      await doc.synced();
      const id = [...lessonsMap(doc.doc).keys()].find((k) => k !== lessonId)!;
      doc.destroy();
      return id;
    })();
    for (let i = 0; i < 10; i++) expect((await upload(ivanova, other, `лист ${i}.pdf`, PDF)).status).toBe(201);
    expect(await upload(ivanova, other, "лист 11.pdf", PDF)).toEqual({ status: 409, body: { error: "too-many-attachments" } });
  });
});
