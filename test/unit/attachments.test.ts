/** J2: which homework files are accepted, decided by content and size (shared/attachments.ts). */
import { describe, expect, it } from "vitest";
import { checkAttachment, cleanAttachmentName, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_NAME } from "../../shared/attachments.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);
const check = (name: string, data: Uint8Array) => checkAttachment(name, data.length, data);

describe("homework files (J2)", () => {
  it("accepts each allowed type only with the bytes its extension promises", () => {
    expect(check("a.pdf", text("%PDF-1.7\n"))).toEqual({ ok: true, name: "a.pdf", mime: "application/pdf" });
    expect(check("photo.JPG", bytes(0xff, 0xd8, 0xff, 0xe0))).toMatchObject({ ok: true, mime: "image/jpeg" });
    expect(check("scan.png", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toMatchObject({ ok: true });
    expect(check("work.docx", bytes(0x50, 0x4b, 0x03, 0x04, 0))).toMatchObject({ ok: true });
    expect(check("old.doc", bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))).toMatchObject({ ok: true });
    expect(check("pic.webp", text("RIFF\0\0\0\0WEBPVP8 "))).toMatchObject({ ok: true });
    expect(check("задание.txt", text("Упражнение 5, стр. 12\r\n\tпункт б"))).toMatchObject({ ok: true, mime: "text/plain; charset=utf-8" });
    expect(check("a.pdf", bytes(0x89, 0x50, 0x4e, 0x47))).toEqual({ ok: false, code: "file-type-not-allowed" });
    expect(check("a.docx", text("%PDF-"))).toEqual({ ok: false, code: "file-type-not-allowed" });
  });

  it("refuses what can run or render script, and files with no type", () => {
    for (const name of ["x.html", "x.htm", "x.svg", "x.js", "x.exe", "x.bat", "x.xhtml", "noextension", ".pdf"]) {
      expect(check(name, text("%PDF-")).ok).toBe(false);
    }
    expect(check("a.txt", bytes(0x41, 0x00))).toEqual({ ok: false, code: "file-type-not-allowed" });
    expect(check("a.txt", bytes(0xc3, 0x28))).toEqual({ ok: false, code: "file-type-not-allowed" });
  });

  it("refuses empty and oversize files", () => {
    expect(checkAttachment("a.pdf", MAX_ATTACHMENT_BYTES + 1, text("%PDF-"))).toEqual({ ok: false, code: "file-too-large" });
    expect(checkAttachment("a.pdf", MAX_ATTACHMENT_BYTES, text("%PDF-")).ok).toBe(true);
    expect(check("a.pdf", new Uint8Array(0))).toEqual({ ok: false, code: "bad-request" });
  });

  it("keeps a name without path or control characters, bounded, with its extension", () => {
    expect(cleanAttachmentName("C:\\Users\\teacher\\Задание.pdf")).toBe("Задание.pdf");
    expect(cleanAttachmentName("../../etc/passwd.txt")).toBe("passwd.txt");
    expect(cleanAttachmentName("a\u0000b\nc.pdf")).toBe("abc.pdf");
    const long = cleanAttachmentName(`${"я".repeat(300)}.pdf`);
    expect(long.length).toBe(MAX_ATTACHMENT_NAME);
    expect(long.endsWith(".pdf")).toBe(true);
  });
});
