/** shared/people.ts: who keeps a class (R1, R4), card validation (A3), logins, passwords and invite codes (A1, A2). */
import { describe, expect, it } from "vitest";
import { canKeepClass, canLinkChild, canManageStaff, checkCard, checkPassword, normalizeInviteCode, normalizeLogin, parseDate, parseStaffRole } from "../../shared/people.ts";
import type { Actor } from "../../shared/roles.ts";

const actor = (role: Actor["role"], classTeacherOf: string[] = []): Actor => ({ userId: "1", role, classTeacherOf });

describe("people rules", () => {
  it("R1, R4: the administrator keeps every class, a class teacher only the own; only the administrator manages staff; only parents link children", () => {
    expect(canKeepClass(actor("admin"), "7")).toEqual({ ok: true });
    expect(canKeepClass(actor("teacher", ["7"]), "7")).toEqual({ ok: true });
    expect(canKeepClass(actor("teacher", ["8"]), "7")).toEqual({ ok: false, code: "not-your-class" });
    for (const role of ["director", "deputy", "medic", "parent", "student"] as const) expect(canKeepClass(actor(role, ["7"]), "7").ok).toBe(false);
    expect(canManageStaff(actor("admin")).ok).toBe(true);
    expect(canManageStaff(actor("director")).ok).toBe(false);
    expect(canLinkChild(actor("parent")).ok).toBe(true);
    expect(canLinkChild(actor("student")).ok).toBe(false);
  });

  it("A3: a card is cleaned and checked field by field against the school's date", () => {
    expect(checkCard({ surname: "  Иванова-Петрова ", name: "Анна", patronymic: "", sex: "Ж", bornOn: "01.09.2015" }, "2026-11-18")).toEqual({
      ok: true, value: { surname: "Иванова-Петрова", name: "Анна", patronymic: "", sex: "ж", bornOn: "2015-09-01" },
    });
    const bad = checkCard({ surname: "<b>", name: "", sex: "x", bornOn: "2030-01-01" }, "2026-11-18");
    expect(bad).toEqual({ ok: false, errors: [
      { field: "surname", code: "invalid-name" }, { field: "name", code: "field-required" }, { field: "sex", code: "invalid-sex" }, { field: "bornOn", code: "invalid-birth-date" },
    ] });
    expect(parseDate("29.02.2016")).toBe("2016-02-29");
    expect(parseDate("29.02.2015")).toBeNull();
  });

  it("A1: logins, roles and passwords", () => {
    expect(normalizeLogin(" Ivanova.M ")).toBe("ivanova.m");
    expect(normalizeLogin("иванова")).toBeNull();
    expect(normalizeLogin("ab")).toBeNull();
    expect(parseStaffRole("Заместитель директора")).toBe("deputy");
    expect(parseStaffRole("parent")).toBeNull();
    expect(checkPassword("Kosmos-2026", "ivanova")).toBeNull();
    expect(checkPassword("ivanova2026", "ivanova")).toBe("weak-password");
    expect(checkPassword("aaaaaaaaab", "x.y")).toBe("weak-password");
    expect(checkPassword("short1", "x.y")).toBe("weak-password");
  });

  it("A2: codes are read whatever the case, spaces and dashes; look-alike characters are not codes", () => {
    expect(normalizeInviteCode("abcde-fghjk")).toBe("ABCDEFGHJK");
    expect(normalizeInviteCode(" ABCDE FGHJK ")).toBe("ABCDEFGHJK");
    expect(normalizeInviteCode("ABCDE-FGHJ0")).toBeNull();
    expect(normalizeInviteCode("ABCDE-FGHJKL")).toBeNull();
    expect(normalizeInviteCode(42)).toBeNull();
  });
});
