/**
 * J2: homework files. A teacher who fills a lesson uploads a file to it; the
 * server checks its size and type, stores it, and lists it in the lesson (and
 * so in every diary of the class) in one transaction. Whoever may read the
 * lesson downloads it, always as an attachment with the type we chose.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash, randomBytes } from "node:crypto";
import { checkAttachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_LESSON } from "../../shared/attachments.ts";
import { lessonsMap, type AttachmentRef } from "../../shared/journal-schema.ts";
import { checkLessonAttachments, journalAccess } from "../../shared/permissions.ts";
import type { ErrorCode } from "../../shared/errors.ts";
import { authenticate } from "../auth/authenticate.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { AttachmentRepository, StoredAttachment } from "../storage/attachment-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { UpdatePipeline } from "../sync/handle-client-update.ts";
import type { AuditRepository } from "../storage/audit-repository.ts";
import type { Clock } from "../clock.ts";
import { HttpError, sendJson } from "./respond.ts";
import { DRAIN_FACTOR, readBodyUpTo } from "./read-body.ts";

export interface AttachmentDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  attachments: AttachmentRepository;
  registry: DocumentRegistry;
  pipeline: UpdatePipeline;
  audit: AuditRepository;
  now: Clock;
}

/** Reads the body up to the limit; a larger one is drained (so the client reads our answer) and refused. */
async function readUpload(req: IncomingMessage): Promise<Uint8Array> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > DRAIN_FACTOR * MAX_ATTACHMENT_BYTES) {
    req.destroy();
    throw new HttpError(413, "file-too-large");
  }
  const body = await readBodyUpTo(req, MAX_ATTACHMENT_BYTES);
  if (body === null) throw new HttpError(413, "file-too-large");
  return new Uint8Array(body);
}

function fileNameHeader(req: IncomingMessage): string {
  const raw = req.headers["x-file-name"];
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) throw new HttpError(400, "bad-request");
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, "bad-request");
  }
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name; quotes and backslashes never reach the header. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const REFUSAL_STATUS: Partial<Record<ErrorCode, number>> = { "file-too-large": 413, "file-type-not-allowed": 415 };

const refOf = (a: StoredAttachment): AttachmentRef => ({ id: a.id, name: a.name, size: a.size });

export function createAttachmentApi(deps: AttachmentDeps) {
  function signedIn(req: IncomingMessage) {
    const auth = authenticate(req, deps.sessions, deps.school);
    if (!auth) throw new HttpError(401, "unauthenticated");
    return auth;
  }

  /** The page's live document, with the verdict on whether this actor may change the lesson's files. */
  function editableLesson(req: IncomingMessage, lessonId: string) {
    const auth = signedIn(req);
    const pageId = deps.attachments.pageOfLesson(lessonId);
    const facts = pageId === null ? null : deps.school.pageFacts(pageId);
    if (pageId === null || facts === null) throw new HttpError(404, "not-found");
    const access = journalAccess(auth.actor, facts);
    if (!access.ok) throw new HttpError(403, access.code);
    const journal = deps.registry.journal(pageId);
    if (!journal) throw new HttpError(404, "not-found");
    const verdict = checkLessonAttachments({ actor: auth.actor, access: access.access, page: journal.state, now: deps.now() }, lessonId);
    if (!verdict.ok) throw new HttpError(403, verdict.code);
    return { auth, pageId, journal };
  }

  /** Writes the lesson's list of files from the store's rows, with those rows, in one transaction. */
  function relist(journal: NonNullable<ReturnType<DocumentRegistry["journal"]>>, lessonId: string, storeRows: () => void): void {
    deps.pipeline.applyServerLessonChange(
      journal,
      [lessonId],
      () => {
        const lesson = lessonsMap(journal.doc).get(lessonId);
        const refs = deps.attachments.onLesson(lessonId).map(refOf);
        if (!lesson) return;
        if (refs.length === 0) lesson.delete("attachments");
        else lesson.set("attachments", refs);
      },
      storeRows,
    );
  }

  async function upload(req: IncomingMessage, res: ServerResponse, lessonId: string): Promise<void> {
    const { auth, pageId, journal } = editableLesson(req, lessonId);
    const rawName = fileNameHeader(req);
    const data = await readUpload(req);
    const check = checkAttachment(rawName, data.length, data);
    if (!check.ok) throw new HttpError(REFUSAL_STATUS[check.code] ?? 400, check.code);
    const sha256 = createHash("sha256").update(data).digest("hex");
    // A retry of an upload whose answer was lost (a dropped connection, 504 write-unconfirmed from
    // another node) finds its file already listed: it gets that one, not a second copy.
    const same = deps.attachments.onLesson(lessonId).find((a) => a.sha256 === sha256 && a.name === check.name);
    if (same) return sendJson(res, 200, refOf(same));
    if (deps.attachments.countOnLesson(lessonId) >= MAX_ATTACHMENTS_PER_LESSON) throw new HttpError(409, "too-many-attachments");
    const now = deps.now();
    const stored: StoredAttachment = {
      id: randomBytes(12).toString("base64url"),
      pageId,
      lessonId,
      name: check.name,
      mime: check.mime,
      size: data.length,
      sha256,
    };
    relist(journal, lessonId, () => {
      deps.attachments.add({ ...stored, data, uploadedBy: auth.actor.userId, uploadedAt: now });
      deps.audit.record(auditRow(auth.actor.userId, journal.name, lessonId, now, null, `${stored.name} (${stored.sha256})`));
    });
    sendJson(res, 201, refOf(stored));
  }

  function remove(req: IncomingMessage, res: ServerResponse, id: string): void {
    const found = deps.attachments.find(id);
    if (!found) throw new HttpError(404, "not-found");
    const { auth, journal } = editableLesson(req, found.lessonId);
    const now = deps.now();
    relist(journal, found.lessonId, () => {
      deps.attachments.remove(id, auth.actor.userId, now);
      deps.audit.record(auditRow(auth.actor.userId, journal.name, found.lessonId, now, `${found.name} (${found.sha256})`, null));
    });
    res.writeHead(204, { "cache-control": "no-store" });
    res.end();
  }

  /** Staff who may read the page, and the students and parents of its class. Others learn nothing, not even that it exists. */
  function mayDownload(req: IncomingMessage, file: StoredAttachment): boolean {
    const auth = signedIn(req);
    const facts = deps.school.pageFacts(file.pageId);
    if (!facts) return false;
    if (journalAccess(auth.actor, facts).ok) return true;
    return deps.school.diariesFor(auth.actor, auth.user).some((d) => deps.school.studentCard(d.studentId)?.classId === facts.classId);
  }

  function download(req: IncomingMessage, res: ServerResponse, id: string): void {
    const file = deps.attachments.find(id);
    if (!file || !mayDownload(req, file)) throw new HttpError(404, "not-found");
    const data = deps.attachments.data(id);
    if (!data) throw new HttpError(404, "not-found");
    res.writeHead(200, {
      "content-type": file.mime,
      "content-length": String(data.length),
      "content-disposition": contentDisposition(file.name),
      "cache-control": "private, no-store",
      // A file is never a page of ours: no script runs in it even if a browser tried to render it.
      "content-security-policy": "default-src 'none'; sandbox",
    });
    res.end(req.method === "HEAD" ? undefined : data);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const upload_ = /^\/api\/lessons\/(\d{1,12})\/attachments$/.exec(url.pathname);
    if (upload_ && req.method === "POST") await upload(req, res, upload_[1]!);
    else {
      const file = /^\/api\/attachments\/([A-Za-z0-9_-]{1,40})$/.exec(url.pathname);
      if (!file) return false;
      if (req.method === "GET" || req.method === "HEAD") download(req, res, file[1]!);
      else if (req.method === "DELETE") remove(req, res, file[1]!);
      else return false;
    }
    return true;
  }

  return { handle };
}

function auditRow(userId: string, docName: string, lessonId: string, at: number, oldValue: string | null, newValue: string | null) {
  return { serverTime: at, authorTime: null, userId, docName, target: `lessons/${lessonId}/attachments`, oldValue, newValue, decision: "accepted" as const, reason: null };
}
