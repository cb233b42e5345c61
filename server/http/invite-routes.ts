/**
 * A2: invite codes. The class teacher issues, per student, one code for the
 * student and one per free parent slot; a new sheet replaces the codes still
 * out. A person with a code makes an account with it, or a signed-in parent
 * links one more child to the same account. Codes work once, expire, and
 * are stored only as hashes; attempts are throttled like sign-in.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { SignInThrottle } from "../auth/sign-in-throttle.ts";
import { LoginTakenError, type InviteRow, type PeopleRepository } from "../storage/people-repository.ts";
import { SESSION_LIFETIME_MS } from "../auth/sessions.ts";
import { authenticate } from "../auth/authenticate.ts";
import { hashPassword } from "../auth/passwords.ts";
import { inviteCodeHash, newInviteCode } from "../people/secrets.ts";
import {
  canKeepClass, canLinkChild, checkParentName, checkPassword, formatInviteCode, normalizeInviteCode, normalizeLogin,
  type ActivateResult, type FieldError, type InviteKind, type InviteSheet, type IssuedInvite,
} from "../../shared/people.ts";
import type { ErrorCode } from "../../shared/errors.ts";
import { fullName } from "../storage/school-repository.ts";
import { readJson } from "./read-body.ts";
import { HttpError, sendJson } from "./respond.ts";
import { FieldsError, require, signedIn, withFieldErrors, type RouteGroup } from "./route-kit.ts";
import { inviteSettings } from "./people-routes.ts";
import { sessionCookie } from "../auth/sessions.ts";

export interface InviteDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  people: PeopleRepository;
  now: Clock;
  /** Counts refused codes per address, as sign-in counts failures per login. */
  throttle: SignInThrottle;
}

const DAY_MS = 86_400_000;

export function createInviteApi(deps: InviteDeps): RouteGroup {
  /** Issues the class's sheet (or a few students' part of it). */
  async function issue(req: IncomingMessage, res: ServerResponse, classId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const className = deps.people.className(classId);
    if (className === null) throw new HttpError(404, "not-found");
    require(canKeepClass(actor, classId));
    const b = (await readJson(req)) as Record<string, unknown> | null;
    const only = Array.isArray(b?.studentIds) ? new Set((b.studentIds as unknown[]).map(String)) : null;
    const settings = inviteSettings(deps.school);
    const at = deps.now();
    const expiresAt = at + settings.inviteCodeDays * DAY_MS;
    const students = deps.people.studentCards(classId, at).filter((s) => s.leftOn === null && (only === null || only.has(s.id)));
    if (only !== null && students.length !== only.size) throw new HttpError(400, "bad-request");
    const invites: IssuedInvite[] = [];
    deps.people.transaction(() => {
      for (const s of students) {
        deps.people.revokeOpenCodes(s.id, at);
        const slots: Array<{ kind: InviteKind; slot: number }> = [];
        if (!deps.people.hasStudentAccount(s.id)) slots.push({ kind: "student", slot: 0 });
        for (let slot = deps.people.parentCount(s.id) + 1; slot <= settings.parentSlots; slot++) slots.push({ kind: "parent", slot });
        for (const { kind, slot } of slots) {
          const code = newInviteCode();
          deps.people.insertCode({ hash: inviteCodeHash(code), studentId: s.id, kind, slot, by: actor.userId, at, expiresAt });
          invites.push({ studentId: s.id, studentName: fullName(s), kind, slot, code: formatInviteCode(code), expiresAt });
        }
      }
    });
    const sheet: InviteSheet = { classId, className, schoolName: deps.school.setting("schoolName") ?? "", issuedAt: at, invites };
    sendJson(res, 200, sheet);
  }

  function refuse(status: number, code: ErrorCode): never {
    throw new HttpError(status, code);
  }

  /** The code's state, before any account is made; unknown codes count toward the address's lockout. */
  function findCode(raw: unknown, kind: InviteKind, address: string): InviteRow {
    const code = normalizeInviteCode(raw);
    const row = code === null ? null : deps.people.codeByHash(inviteCodeHash(code));
    if (row === null) {
      deps.throttle.failed(address);
      refuse(404, "invite-unknown");
    }
    if (row.used_at !== null) refuse(409, "invite-used");
    if (row.revoked_at !== null) refuse(410, "invite-revoked");
    if (row.expires_at <= deps.now()) refuse(410, "invite-expired");
    if (row.kind !== kind) refuse(400, "invite-wrong-kind");
    const student = deps.people.studentName(String(row.student_id));
    if (!student || student.leftOn !== null) refuse(410, "student-left");
    return row;
  }

  function spend(row: InviteRow, userId: string): void {
    if (!deps.people.spendCode(row.id, userId, deps.now())) throw new HttpError(409, "invite-used");
  }

  /** A new account from a code: the student's own (named by the card), or a parent's (named by the parent). */
  async function createAccount(row: InviteRow, b: Record<string, unknown>): Promise<string> {
    const errors: FieldError[] = [];
    const login = normalizeLogin(b.login);
    if (login === null) errors.push({ field: "login", code: "invalid-login" });
    const weak = login === null ? null : checkPassword(b.password, login);
    if (weak) errors.push({ field: "password", code: weak });
    const studentId = String(row.student_id);
    let person = deps.people.studentName(studentId)!;
    if (row.kind === "parent") {
      const name = checkParentName(b);
      if (!name.ok) errors.push(...name.errors);
      else person = { ...person, ...name.value };
    }
    if (errors.length > 0) throw new FieldsError(errors);
    if (deps.people.loginExists(login!)) throw new FieldsError([{ field: "login", code: "login-taken" }], 409);
    const passwordHash = await hashPassword(b.password as string);
    try {
      return deps.people.transaction(() => {
        const userId = String(deps.people.createUser({
          login: login!, role: row.kind, surname: person.surname, name: person.name, patronymic: person.patronymic,
          passwordHash, mustChangePassword: false, studentId: row.kind === "student" ? row.student_id : null,
        }));
        spend(row, userId);
        if (row.kind === "parent") deps.people.linkParent(userId, studentId);
        return userId;
      });
    } catch (err) {
      if (err instanceof LoginTakenError) throw new FieldsError([{ field: "login", code: "login-taken" }], 409);
      throw err;
    }
  }

  async function activate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = `invite:${req.socket.remoteAddress ?? "?"}`;
    const allowed = deps.throttle.check(address, address);
    if (!allowed.ok) {
      return sendJson(res, 429, { error: "rate-limited", retryAfterSeconds: allowed.retryAfterSeconds }, { "retry-after": String(allowed.retryAfterSeconds) });
    }
    const b = (await readJson(req)) as Record<string, unknown> | null;
    if (typeof b !== "object" || b === null || (b.kind !== "student" && b.kind !== "parent")) throw new HttpError(400, "bad-request");
    const kind = b.kind as InviteKind;
    const auth = authenticate(req, deps.sessions, deps.school);
    const row = findCode(b.code, kind, address);
    const studentId = String(row.student_id);
    const student = deps.people.studentName(studentId)!;
    const studentName = fullName(student);

    // R9: a signed-in parent links one more child to the same account.
    if (kind === "parent" && auth) {
      require(canLinkChild(auth.actor));
      if (deps.people.isLinked(auth.actor.userId, studentId)) throw new HttpError(409, "child-already-linked");
      deps.people.transaction(() => {
        spend(row, auth.actor.userId);
        deps.people.linkParent(auth.actor.userId, studentId);
      });
      const answer: ActivateResult = { userId: auth.actor.userId, studentId, studentName, created: false };
      return sendJson(res, 200, answer);
    }
    const userId = await createAccount(row, b);
    const answer: ActivateResult = { userId, studentId, studentName, created: true };
    // The new account is signed in, unless someone (a parent helping the child) already was on this device.
    const headers: Record<string, string> = auth ? {} : { "set-cookie": sessionCookie(deps.sessions.create(Number(userId)).token, SESSION_LIFETIME_MS) };
    sendJson(res, 201, answer, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method === "POST" && url.pathname === "/api/invites/activate") await activate(req, res);
    else if (req.method === "POST" && /^\/api\/classes\/\d+\/invites$/.test(url.pathname)) await issue(req, res, url.pathname.split("/")[3]!);
    else return false;
    return true;
  }

  return withFieldErrors({ handle });
}
