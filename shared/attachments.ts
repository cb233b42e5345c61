/**
 * J2: which files a teacher may attach to a lesson's homework. A file is
 * accepted by its extension, and only when its first bytes are what that
 * extension promises: the type we serve it with comes from this table, never
 * from the uploader. Scripts, web pages and SVG (which can carry script) are
 * never accepted.
 */
import type { ErrorCode } from "./errors.ts";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_LESSON = 10;
export const MAX_ATTACHMENT_NAME = 120;

type Sniff = (head: Uint8Array) => boolean;

const startsWith = (bytes: readonly number[]): Sniff => (head) => bytes.every((b, i) => head[i] === b);
const ascii = (text: string): readonly number[] => [...text].map((c) => c.charCodeAt(0));

const PDF = startsWith(ascii("%PDF-"));
const PNG = startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = startsWith([0xff, 0xd8, 0xff]);
const GIF: Sniff = (h) => startsWith(ascii("GIF87a"))(h) || startsWith(ascii("GIF89a"))(h);
const WEBP: Sniff = (h) => startsWith(ascii("RIFF"))(h) && ascii("WEBP").every((b, i) => h[8 + i] === b);
const ZIP = startsWith([0x50, 0x4b, 0x03, 0x04]);
const OLE = startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const RTF = startsWith(ascii("{\\rtf"));

/** Plain text: valid UTF-8 (BOM allowed) without NUL or other control bytes except tab and line breaks. */
const TEXT: Sniff = (head) => {
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(trimPartialUtf8(head));
    return true;
  } catch {
    return false;
  }
};

/** The sniffed head may end inside a multi-byte character; drop that tail. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.subarray(0, end - back) : bytes;
  }
  return bytes;
}

interface FileKind {
  mime: string;
  sniff: Sniff;
}

export const ATTACHMENT_KINDS: Readonly<Record<string, FileKind>> = {
  pdf: { mime: "application/pdf", sniff: PDF },
  png: { mime: "image/png", sniff: PNG },
  jpg: { mime: "image/jpeg", sniff: JPEG },
  jpeg: { mime: "image/jpeg", sniff: JPEG },
  gif: { mime: "image/gif", sniff: GIF },
  webp: { mime: "image/webp", sniff: WEBP },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", sniff: ZIP },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sniff: ZIP },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", sniff: ZIP },
  odt: { mime: "application/vnd.oasis.opendocument.text", sniff: ZIP },
  ods: { mime: "application/vnd.oasis.opendocument.spreadsheet", sniff: ZIP },
  odp: { mime: "application/vnd.oasis.opendocument.presentation", sniff: ZIP },
  doc: { mime: "application/msword", sniff: OLE },
  xls: { mime: "application/vnd.ms-excel", sniff: OLE },
  ppt: { mime: "application/vnd.ms-powerpoint", sniff: OLE },
  rtf: { mime: "application/rtf", sniff: RTF },
  txt: { mime: "text/plain; charset=utf-8", sniff: TEXT },
};

/** What the file input offers. */
export const ATTACHMENT_ACCEPT = Object.keys(ATTACHMENT_KINDS).map((ext) => `.${ext}`).join(",");

/** A file name as we keep it: no path, no control characters, bounded length, extension kept. */
export function cleanAttachmentName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  let name = base.replace(/[\u0000-\u001f\u007f]/g, "").replace(/\s+/g, " ").trim();
  if (name.length > MAX_ATTACHMENT_NAME) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 ? name.slice(dot) : "";
    name = name.slice(0, MAX_ATTACHMENT_NAME - ext.length) + ext;
  }
  return name;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export type AttachmentCheck = { ok: true; name: string; mime: string } | { ok: false; code: ErrorCode };

/** Size, name and type of an uploaded file; `bytes` is the whole file (text is checked throughout). */
export function checkAttachment(rawName: string, size: number, bytes: Uint8Array): AttachmentCheck {
  if (size > MAX_ATTACHMENT_BYTES) return { ok: false, code: "file-too-large" };
  const name = cleanAttachmentName(rawName);
  if (size === 0 || name.length === 0) return { ok: false, code: "bad-request" };
  const kind = ATTACHMENT_KINDS[extensionOf(name)];
  if (!kind || !kind.sniff(bytes)) return { ok: false, code: "file-type-not-allowed" };
  return { ok: true, name, mime: kind.mime };
}
