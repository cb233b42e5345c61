/** Roles R1-R9 of DOMAIN.md. A staff account has one role; a class teacher is a teacher with a class. */
export const ROLES = ["admin", "director", "deputy", "teacher", "medic", "student", "parent"] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ["admin", "director", "deputy", "teacher", "medic"];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

/** Who is acting, as far as the rules need to know. */
export interface Actor {
  userId: string;
  role: Role;
  /** Classes this user is the class teacher of (R4). */
  classTeacherOf: readonly string[];
}
