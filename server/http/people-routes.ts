/**
 * People over HTTP: staff accounts made by the administrator with a first
 * password (A1), one's own password change, student and parent cards kept
 * by the class teacher (A3), the invite settings (A2). Every route checks its
 * right with the rules of shared/people.ts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { SchoolAdminRepository } from "../storage/school-admin-repository.ts";
import type { SignInThrottle } from "../auth/sign-in-throttle.ts";
import { LoginTakenError, type PeopleRepository } from "../storage/people-repository.ts";
import { SESSION_LIFETIME_MS, sessionCookie } from "../auth/sessions.ts";
import { authenticate } from "../auth/authenticate.ts";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import { newFirstPassword } from "../people/secrets.ts";
import {
  canKeepClass, canManageStaff, checkCard, checkParentName, checkPassword, DEFAULT_INVITE_SETTINGS, INVITE_SETTINGS_CHECK, normalizeLogin, parseStaffRole,
  type ClassCards, type FieldError, type FirstPassword, type InviteSettings,
} from "../../shared/people.ts";
import { localTime } from "../../shared/school-time.ts";
import { HttpError, sendJson } from "./respond.ts";
import { FieldsError, require, signedIn, withFieldErrors, type RouteGroup, body } from "./route-kit.ts";

export interface PeopleDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  admin: SchoolAdminRepository;
  people: PeopleRepository;
  now: Clock;
  throttle: SignInThrottle;
  /** After a class's roster changed: its loaded pages are brought up to date. */
  rosterChanged: (classId: string) => void;
  /** Closes the user's open sockets: a socket must not outlive the session it was opened with. */
  disconnectUser: (userId: string) => void;
  /** M1: after a card changed, the names copied into inboxes follow (a student's account and its parents' titles, or a parent). */
  cardChanged?: (card: { studentId: string } | { parentId: string }) => void;
}

export function inviteSettings(school: SchoolRepository): InviteSettings {
  const out = { ...DEFAULT_INVITE_SETTINGS };
  for (const key of Object.keys(DEFAULT_INVITE_SETTINGS) as Array<keyof InviteSettings>) {
    const raw = school.setting(key);
    if (raw !== undefined) out[key] = JSON.parse(raw) as number;
  }
  return out;
}

export function createPeopleApi(deps: PeopleDeps): RouteGroup {
  const today = () => localTime(deps.now(), deps.school.rules().timeZone).date;

  function listStaff(req: IncomingMessage, res: ServerResponse): void {
    require(canManageStaff(signedIn(req, deps.sessions, deps.school).actor));
    sendJson(res, 200, { staff: deps.people.staff() });
  }

  /** A1: the administrator makes a staff account; the first password is shown once and must be changed at first sign-in. */
  async function createStaff(req: IncomingMessage, res: ServerResponse): Promise<void> {
    require(canManageStaff(signedIn(req, deps.sessions, deps.school).actor));
    const b = await body(req);
    const errors: FieldError[] = [];
    const login = normalizeLogin(b.login);
    if (login === null) errors.push({ field: "login", code: "invalid-login" });
    const role = parseStaffRole(b.role);
    if (role === null) errors.push({ field: "role", code: "invalid-role" });
    const name = checkParentName(b);
    if (!name.ok) errors.push(...name.errors);
    if (errors.length > 0 || !name.ok) throw new FieldsError(errors);
    const firstPassword = newFirstPassword();
    const passwordHash = await hashPassword(firstPassword);
    try {
      const id = deps.people.transaction(() =>
        deps.people.createUser({ login: login!, role: role!, ...name.value, passwordHash, mustChangePassword: true, studentId: null }),
      );
      const answer: FirstPassword = { id: String(id), login: login!, firstPassword };
      sendJson(res, 201, answer);
    } catch (err) {
      if (err instanceof LoginTakenError) throw new FieldsError([{ field: "login", code: "login-taken" }], 409);
      throw err;
    }
  }

  function staffTarget(req: IncomingMessage, userId: string): string {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    require(canManageStaff(actor));
    const role = deps.people.roleOf(userId);
    if (role === null) throw new HttpError(404, "not-found");
    return actor.userId;
  }

  /** A1: a forgotten password: a new first password, every session of the account ends. */
  async function resetPassword(req: IncomingMessage, res: ServerResponse, userId: string): Promise<void> {
    const self = staffTarget(req, userId);
    if (self === userId) throw new HttpError(400, "bad-request");
    const firstPassword = newFirstPassword();
    deps.people.setPassword(userId, await hashPassword(firstPassword), true);
    deps.sessions.revokeAll(Number(userId));
    deps.disconnectUser(userId);
    const answer: FirstPassword = { id: userId, login: deps.people.loginOf(userId)!, firstPassword };
    sendJson(res, 200, answer);
  }

  function enableUser(req: IncomingMessage, res: ServerResponse, userId: string): void {
    staffTarget(req, userId);
    deps.people.enableUser(userId);
    sendJson(res, 200, { userId, disabled: false });
  }

  /**
   * A1: one's own password. The only route besides /api/me and sign-out open
   * to a user who must change a first password. Every session of the user
   * ends; this one goes on with a new token.
   */
  async function changePassword(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = authenticate(req, deps.sessions, deps.school, { allowPasswordChange: true });
    if (!auth) throw new HttpError(401, "unauthenticated");
    const b = await body(req);
    if (typeof b.currentPassword !== "string" || b.currentPassword.length > 200) throw new HttpError(400, "bad-request");
    const allowed = deps.throttle.check(auth.user.login, req.socket.remoteAddress ?? "?");
    if (!allowed.ok) return sendJson(res, 429, { error: "rate-limited", retryAfterSeconds: allowed.retryAfterSeconds }, { "retry-after": String(allowed.retryAfterSeconds) });
    if (!(await verifyPassword(b.currentPassword, auth.user.password_hash))) {
      deps.throttle.failed(auth.user.login);
      throw new FieldsError([{ field: "currentPassword", code: "invalid-credentials" }], 401);
    }
    deps.throttle.succeeded(auth.user.login);
    const weak = checkPassword(b.newPassword, auth.user.login);
    if (weak) throw new FieldsError([{ field: "newPassword", code: weak }]);
    if (b.newPassword === b.currentPassword) throw new FieldsError([{ field: "newPassword", code: "password-unchanged" }]);
    deps.people.setPassword(String(auth.user.id), await hashPassword(b.newPassword as string), false);
    deps.sessions.revokeAll(auth.user.id);
    // The client reconnects with its new cookie.
    deps.disconnectUser(String(auth.user.id));
    const session = deps.sessions.create(auth.user.id);
    const user = deps.school.userById(auth.user.id)!;
    sendJson(res, 200, { user: deps.school.userInfo(user) }, { "set-cookie": sessionCookie(session.token, SESSION_LIFETIME_MS) });
  }

  /** The classes whose cards this user keeps (all of them for the administrator). */
  function listClasses(req: IncomingMessage, res: ServerResponse): void {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    sendJson(res, 200, { classes: deps.people.classes().filter((c) => canKeepClass(actor, c.classId).ok) });
  }

  function classCards(req: IncomingMessage, res: ServerResponse, classId: string): void {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const className = deps.people.className(classId);
    if (className === null) throw new HttpError(404, "not-found");
    require(canKeepClass(actor, classId));
    const answer: ClassCards = { classId, className, students: deps.people.studentCards(classId, deps.now()) };
    sendJson(res, 200, answer);
  }

  /** A3: the class teacher adds a student to the own class: the card's minimal data, nothing else. */
  async function addStudent(req: IncomingMessage, res: ServerResponse, classId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    if (deps.people.className(classId) === null) throw new HttpError(404, "not-found");
    require(canKeepClass(actor, classId));
    const card = checkCard(await body(req), today());
    if (!card.ok) throw new FieldsError(card.errors);
    const studentId = deps.people.transaction(() => {
      if (deps.people.duplicateStudent(classId, card.value, null)) throw new FieldsError([{ field: "", code: "duplicate-student" }], 409);
      return deps.people.addStudent(classId, card.value);
    });
    deps.rosterChanged(classId);
    sendJson(res, 201, { studentId });
  }

  async function editStudent(req: IncomingMessage, res: ServerResponse, studentId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const classId = deps.people.classOfStudent(studentId);
    if (classId === null) throw new HttpError(404, "not-found");
    require(canKeepClass(actor, classId));
    const card = checkCard(await body(req), today());
    if (!card.ok) throw new FieldsError(card.errors);
    deps.people.transaction(() => {
      if (deps.people.duplicateStudent(classId, card.value, studentId)) throw new FieldsError([{ field: "", code: "duplicate-student" }], 409);
      deps.people.updateStudent(studentId, card.value);
    });
    deps.rosterChanged(classId);
    deps.cardChanged?.({ studentId });
    sendJson(res, 200, { studentId });
  }

  /** A3: a parent's card (the name) is kept by the class teacher of any of that parent's children. */
  async function editParent(req: IncomingMessage, res: ServerResponse, parentId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    if (deps.people.roleOf(parentId) !== "parent") throw new HttpError(404, "not-found");
    const classes = deps.people.classesOfParent(parentId);
    if (!classes.some((c) => canKeepClass(actor, c).ok)) throw new HttpError(403, "not-your-class");
    const name = checkParentName(await body(req));
    if (!name.ok) throw new FieldsError(name.errors);
    deps.people.updateParentName(parentId, name.value);
    deps.cardChanged?.({ parentId });
    sendJson(res, 200, { parentId });
  }

  function readSettings(req: IncomingMessage, res: ServerResponse): void {
    signedIn(req, deps.sessions, deps.school);
    sendJson(res, 200, inviteSettings(deps.school));
  }

  async function changeSettings(req: IncomingMessage, res: ServerResponse): Promise<void> {
    require(canManageStaff(signedIn(req, deps.sessions, deps.school).actor));
    const entries = Object.entries(await body(req));
    for (const [key, value] of entries) {
      const check = (INVITE_SETTINGS_CHECK as Record<string, (v: unknown) => boolean>)[key];
      if (!check || !check(value)) throw new HttpError(400, "bad-request");
    }
    for (const [key, value] of entries) deps.admin.setRule(key, value);
    sendJson(res, 200, inviteSettings(deps.school));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method} ${url.pathname}`;
    const part = url.pathname.split("/");
    if (route === "GET /api/staff") listStaff(req, res);
    else if (route === "POST /api/staff") await createStaff(req, res);
    else if (route === "POST /api/password") await changePassword(req, res);
    else if (route === "GET /api/classes") listClasses(req, res);
    else if (route === "GET /api/settings/invites") readSettings(req, res);
    else if (route === "PATCH /api/settings/invites") await changeSettings(req, res);
    else if (req.method === "POST" && /^\/api\/staff\/\d+\/reset-password$/.test(url.pathname)) await resetPassword(req, res, part[3]!);
    else if (req.method === "POST" && /^\/api\/users\/\d+\/enable$/.test(url.pathname)) enableUser(req, res, part[3]!);
    else if (req.method === "GET" && /^\/api\/classes\/\d+\/students$/.test(url.pathname)) classCards(req, res, part[3]!);
    else if (req.method === "POST" && /^\/api\/classes\/\d+\/students$/.test(url.pathname)) await addStudent(req, res, part[3]!);
    else if (req.method === "PATCH" && /^\/api\/students\/\d+$/.test(url.pathname)) await editStudent(req, res, part[3]!);
    else if (req.method === "PATCH" && /^\/api\/parents\/\d+$/.test(url.pathname)) await editParent(req, res, part[3]!);
    else return false;
    return true;
  }

  return withFieldErrors({ handle });
}
