/**
 * J1, P2: the migration that lets a class have one page per subgroup rebuilds
 * `pages` on a store made by an earlier version: every page, and every row
 * referring to one, is kept; a second whole-class page of a subject is still
 * refused, a page per group is not.
 */
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATIONS } from "../../server/storage/migrations.ts";
import { openSqliteDatabase } from "../../server/storage/sqlite-database.ts";

const dir = mkdtempSync(join(tmpdir(), "zhurnal-migration-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the pages rebuild (J1, P2)", () => {
  it("J1: an earlier store keeps its pages and lessons; group pages may share a class and subject", () => {
    const file = join(dir, "journal.sqlite");
    const old = new Database(file);
    old.pragma("foreign_keys = ON");
    const before = MIGRATIONS.length - 1;
    for (const m of MIGRATIONS.slice(0, before)) old.exec(m);
    old.pragma(`user_version = ${before}`);
    old.exec(`
      INSERT INTO academic_years (id, name, starts_on, ends_on) VALUES (1, '2026/2027', '2026-09-01', '2027-05-26');
      INSERT INTO users (id, login, password_hash, role, surname, name) VALUES (1, 'ivanova', 'x', 'teacher', 'Иванова', 'Мария');
      INSERT INTO classes (id, year_id, name, grade, class_teacher_id) VALUES (1, 1, '5А', 5, 1);
      INSERT INTO subjects (id, name) VALUES (1, 'Английский язык');
      INSERT INTO pages (id, year_id, class_id, subject_id, teacher_id) VALUES (7, 1, 1, 1, 1);
      INSERT INTO lessons (id, page_id, held_on, slot) VALUES (11, 7, '2026-11-18', 1);
      INSERT INTO permits (page_id, lesson_id, reason, expires_at, granted_by, granted_at) VALUES (7, 11, 'ошибка', 1, 1, 1);
    `);
    old.close();

    const db = openSqliteDatabase(file);
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.prepare("SELECT id, class_id, subject_id, group_id FROM pages").all()).toEqual([{ id: 7, class_id: 1, subject_id: 1, group_id: null }]);
    expect(db.prepare("SELECT page_id FROM lessons WHERE id = 11").get()).toEqual({ page_id: 7 });
    expect(db.pragma("foreign_key_check")).toEqual([]);
    // A lesson of a page that does not exist is still refused: the references point at the new table.
    expect(() => db.prepare("INSERT INTO lessons (page_id, held_on, slot) VALUES (999, '2026-11-19', 1)").run()).toThrow(/FOREIGN KEY/);
    // One whole-class page per subject; one per group besides.
    expect(() => db.prepare("INSERT INTO pages (year_id, class_id, subject_id, teacher_id) VALUES (1, 1, 1, 1)").run()).toThrow(/UNIQUE/);
    db.exec("INSERT INTO class_groups (id, class_id, subject_id, name) VALUES (1, 1, 1, 'Группа 1'), (2, 1, 1, 'Группа 2')");
    db.exec("INSERT INTO pages (year_id, class_id, subject_id, teacher_id, group_id) VALUES (1, 1, 1, 1, 1), (1, 1, 1, 1, 2)");
    expect(() => db.prepare("INSERT INTO pages (year_id, class_id, subject_id, teacher_id, group_id) VALUES (1, 1, 1, 1, 2)").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
