/** Shapes of the JSON HTTP API (docs/protocol.md). Errors are `{ error: ErrorCode }`. */
import type { Role } from "./roles.ts";
import type { Access } from "./permissions.ts";

export interface UserInfo {
  id: string;
  login: string;
  fullName: string;
  role: Role;
  classTeacherOf: string[];
  /** A1: a first password must be changed before anything else (every other route answers password-change-required). */
  mustChangePassword?: boolean;
}

export interface PageSummary {
  pageId: string;
  docName: string;
  className: string;
  subjectName: string;
  teacherName: string;
  access: Access;
  /** P2: the subgroup, when the page is a group's. */
  groupName?: string;
}

export interface DiarySummary {
  studentId: string;
  docName: string;
  fullName: string;
  className: string;
}

/** GET /api/me */
export interface Me {
  user: UserInfo;
  pages: PageSummary[];
  diaries: DiarySummary[];
}

/** POST /api/session */
export interface SignInRequest {
  login: string;
  password: string;
}
