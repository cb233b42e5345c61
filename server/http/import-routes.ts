/**
 * CSV import of class lists (administrator; the class teacher for the own
 * class) and of staff (administrator). `preview` checks every row and
 * answers what would be written and every row's errors; `apply` checks
 * again and writes the whole file in one transaction, or nothing.
 * The body is the file itself (UTF-8, with or without BOM).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import { LoginTakenError, type PeopleRepository } from "../storage/people-repository.ts";
import { hashPassword } from "../auth/passwords.ts";
import { newFirstPassword } from "../people/secrets.ts";
import { checkImport, type ImportCheck } from "../people/csv-import.ts";
import { canKeepClass, canManageStaff, type FirstPassword, type ImportKind, type ImportPreview, type ImportResult } from "../../shared/people.ts";
import type { Actor } from "../../shared/roles.ts";
import { localTime } from "../../shared/school-time.ts";
import { HttpError, sendJson } from "./respond.ts";
import { require, signedIn, type RouteGroup } from "./route-kit.ts";

export interface ImportDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  people: PeopleRepository;
  now: Clock;
  rosterChanged: (classId: string) => void;
}

const MAX_CSV_BYTES = 2 * 1024 * 1024;

async function readCsvBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CSV_BYTES) throw new HttpError(413, "csv-too-large");
    chunks.push(chunk);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return null;
  }
}

function notUtf8(kind: ImportKind): ImportPreview {
  return { kind, separator: ";", columns: [], rows: [], errors: [{ row: 1, column: "", code: "csv-not-utf8" }], valid: false };
}

export function createImportApi(deps: ImportDeps): RouteGroup {
  function authorize(actor: Actor, kind: ImportKind, classId: string | null): void {
    if (kind === "staff") return require(canManageStaff(actor));
    if (classId !== null) {
      if (deps.people.className(classId) === null) throw new HttpError(404, "not-found");
      return require(canKeepClass(actor, classId));
    }
    // A school-wide list (a class column): the administrator, or a class teacher whose rows are all of the own class.
    if (actor.role !== "admin" && actor.classTeacherOf.length === 0) throw new HttpError(403, "not-your-class");
  }

  async function check(req: IncomingMessage, kind: ImportKind, url: URL): Promise<{ result: ImportCheck | null; preview: ImportPreview }> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const classParam = url.searchParams.get("classId");
    const classId = classParam === null || classParam === "" ? null : classParam;
    if (classId !== null && !/^\d+$/.test(classId)) throw new HttpError(400, "bad-request");
    authorize(actor, kind, classId);
    const text = await readCsvBody(req);
    if (text === null) return { result: null, preview: notUtf8(kind) };
    const today = localTime(deps.now(), deps.school.rules().timeZone).date;
    const result = checkImport(text, { kind, actor, classId, today, people: deps.people });
    return { result, preview: result.preview };
  }

  async function write(result: ImportCheck, kind: ImportKind): Promise<ImportResult> {
    if (kind === "staff") {
      const accounts = await Promise.all(result.staff.map(async (s) => {
        const firstPassword = newFirstPassword();
        return { ...s, firstPassword, passwordHash: await hashPassword(firstPassword) };
      }));
      const firstPasswords: FirstPassword[] = deps.people.transaction(() =>
        accounts.map((a) => ({
          id: String(deps.people.createUser({ login: a.login, role: a.role, surname: a.surname, name: a.name, patronymic: a.patronymic, passwordHash: a.passwordHash, mustChangePassword: true, studentId: null })),
          login: a.login, firstPassword: a.firstPassword,
        })),
      );
      return { created: firstPasswords.length, firstPasswords };
    }
    deps.people.transaction(() => {
      for (const s of result.students) {
        if (deps.people.duplicateStudent(s.classId, s.card, null)) throw new HttpError(409, "import-invalid");
        deps.people.addStudent(s.classId, s.card);
      }
    });
    for (const classId of new Set(result.students.map((s) => s.classId))) deps.rosterChanged(classId);
    return { created: result.students.length };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const m = /^\/api\/import\/(students|staff)\/(preview|apply)$/.exec(url.pathname);
    if (req.method !== "POST" || !m) return false;
    const kind = m[1] as ImportKind;
    const { result, preview } = await check(req, kind, url);
    if (m[2] === "preview") {
      sendJson(res, 200, preview);
      return true;
    }
    if (!result || !preview.valid) {
      sendJson(res, 422, { error: "import-invalid", preview });
      return true;
    }
    try {
      sendJson(res, 201, await write(result, kind));
    } catch (err) {
      // A login taken between the check and the write: nothing was written.
      if (err instanceof LoginTakenError) throw new HttpError(409, "import-invalid");
      throw err;
    }
    return true;
  }

  return { handle };
}
