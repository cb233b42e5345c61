import type { Role } from "../../shared/roles.ts";

export const ROLE_TITLES: Record<Role, string> = {
  admin: "администратор", director: "директор", deputy: "заместитель директора", teacher: "учитель", medic: "медработник", student: "ученик", parent: "родитель",
};
