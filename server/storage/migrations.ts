/**
 * Schema of the SQLite store, as an ordered list of migrations. A migration is
 * never edited once released: add a new one.
 */
/**
 * J1, P2: pages of one class and subject may be several (one per group). SQLite cannot drop a
 * UNIQUE constraint, so it rebuilds the table (the runner turns foreign keys off around
 * migrations and checks them after); PostgreSQL alters it in place (POSTGRES_MIGRATIONS).
 */
const PAGES_WITH_GROUPS = `
  CREATE TABLE pages_new (
    id INTEGER PRIMARY KEY, year_id INTEGER NOT NULL REFERENCES academic_years(id),
    class_id INTEGER NOT NULL REFERENCES classes(id), subject_id INTEGER NOT NULL REFERENCES subjects(id),
    teacher_id INTEGER NOT NULL REFERENCES users(id), marks_allowed INTEGER NOT NULL DEFAULT 1,
    group_id INTEGER REFERENCES class_groups(id)
  );
  INSERT INTO pages_new (id, year_id, class_id, subject_id, teacher_id, marks_allowed)
    SELECT id, year_id, class_id, subject_id, teacher_id, marks_allowed FROM pages;
  DROP TABLE pages;
  ALTER TABLE pages_new RENAME TO pages;
  CREATE UNIQUE INDEX pages_one_per_class_or_group ON pages(year_id, class_id, subject_id, COALESCE(group_id, 0));`;

const PAGES_WITH_GROUPS_IN_PLACE = `
  ALTER TABLE pages ADD COLUMN group_id INTEGER REFERENCES class_groups(id);
  ALTER TABLE pages DROP CONSTRAINT pages_year_id_class_id_subject_id_key;
  CREATE UNIQUE INDEX pages_one_per_class_or_group ON pages(year_id, class_id, subject_id, COALESCE(group_id, 0));`;

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE school_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE academic_years (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT NOT NULL
  );
  CREATE TABLE periods (
    id INTEGER PRIMARY KEY, year_id INTEGER NOT NULL REFERENCES academic_years(id),
    name TEXT NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, ord INTEGER NOT NULL
  );
  CREATE TABLE users (
    id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    role TEXT NOT NULL, surname TEXT NOT NULL, name TEXT NOT NULL, patronymic TEXT NOT NULL DEFAULT '',
    student_id INTEGER REFERENCES students(id), disabled INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE classes (
    id INTEGER PRIMARY KEY, year_id INTEGER NOT NULL REFERENCES academic_years(id),
    name TEXT NOT NULL, grade INTEGER NOT NULL, class_teacher_id INTEGER REFERENCES users(id)
  );
  CREATE TABLE students (
    id INTEGER PRIMARY KEY, class_id INTEGER NOT NULL REFERENCES classes(id),
    surname TEXT NOT NULL, name TEXT NOT NULL, patronymic TEXT NOT NULL DEFAULT '',
    sex TEXT NOT NULL, born_on TEXT NOT NULL, left_on TEXT
  );
  CREATE TABLE parent_links (
    parent_id INTEGER NOT NULL REFERENCES users(id), student_id INTEGER NOT NULL REFERENCES students(id),
    PRIMARY KEY (parent_id, student_id)
  );
  CREATE TABLE subjects (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, double_marks INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE pages (
    id INTEGER PRIMARY KEY, year_id INTEGER NOT NULL REFERENCES academic_years(id),
    class_id INTEGER NOT NULL REFERENCES classes(id), subject_id INTEGER NOT NULL REFERENCES subjects(id),
    teacher_id INTEGER NOT NULL REFERENCES users(id), marks_allowed INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year_id, class_id, subject_id)
  );
  CREATE TABLE timetable (
    class_id INTEGER NOT NULL REFERENCES classes(id), weekday INTEGER NOT NULL, slot INTEGER NOT NULL,
    page_id INTEGER NOT NULL REFERENCES pages(id), PRIMARY KEY (class_id, weekday, slot)
  );
  CREATE TABLE lessons (
    id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL REFERENCES pages(id),
    held_on TEXT NOT NULL, slot INTEGER NOT NULL, UNIQUE (page_id, held_on, slot)
  );

  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_name TEXT NOT NULL, data BLOB NOT NULL, stored_at INTEGER NOT NULL
  );
  CREATE INDEX doc_updates_by_doc ON doc_updates(doc_name, seq);
  CREATE TABLE doc_snapshots (
    doc_name TEXT PRIMARY KEY, data BLOB NOT NULL, upto_seq INTEGER NOT NULL, stored_at INTEGER NOT NULL
  );

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, server_time INTEGER NOT NULL, author_time INTEGER,
    user_id INTEGER NOT NULL, doc_name TEXT NOT NULL, target TEXT NOT NULL,
    old_value TEXT, new_value TEXT, decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'superseded')),
    reason TEXT
  );
  CREATE INDEX audit_by_target ON audit_log(doc_name, target, id);
  CREATE TRIGGER audit_log_is_append_only_u BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER audit_log_is_append_only_d BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  `,
  `
  -- R6: an administrator assigns a teacher to one lesson of another teacher's page.
  CREATE TABLE substitutions (
    lesson_id INTEGER PRIMARY KEY REFERENCES lessons(id), teacher_id INTEGER NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL, assigned_by INTEGER NOT NULL REFERENCES users(id), assigned_at INTEGER NOT NULL
  );
  -- J9: correction permits; each covered cell may be corrected once under a permit.
  CREATE TABLE permits (
    id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL REFERENCES pages(id), lesson_id INTEGER REFERENCES lessons(id),
    cells TEXT NOT NULL DEFAULT '[]', reason TEXT NOT NULL, expires_at INTEGER NOT NULL,
    granted_by INTEGER NOT NULL REFERENCES users(id), granted_at INTEGER NOT NULL
  );
  CREATE INDEX permits_by_page ON permits(page_id);
  CREATE TABLE permit_uses (
    permit_id INTEGER NOT NULL REFERENCES permits(id), cell TEXT NOT NULL, used_by INTEGER NOT NULL REFERENCES users(id),
    used_at INTEGER NOT NULL, PRIMARY KEY (permit_id, cell)
  );
  ALTER TABLE audit_log ADD COLUMN permit_id INTEGER;
  `,
  `
  -- J2: homework files. Kept after removal from the lesson (removed_at), as the record of what was given.
  CREATE TABLE attachments (
    id TEXT PRIMARY KEY, page_id INTEGER NOT NULL REFERENCES pages(id), lesson_id INTEGER NOT NULL REFERENCES lessons(id),
    name TEXT NOT NULL, mime TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, data BLOB NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id), uploaded_at INTEGER NOT NULL,
    removed_by INTEGER REFERENCES users(id), removed_at INTEGER
  );
  CREATE INDEX attachments_by_lesson ON attachments(lesson_id);
  `,
  `
  -- M1: conversations of exactly two people (user_low < user_high), their messages and read markers.
  CREATE TABLE conversations (
    id INTEGER PRIMARY KEY, user_low INTEGER NOT NULL REFERENCES users(id), user_high INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL, UNIQUE (user_low, user_high), CHECK (user_low < user_high)
  );
  CREATE INDEX conversations_by_high ON conversations(user_high);
  -- A message to all parents of a class, kept once as sent; each family's copy is a row of messages.
  CREATE TABLE class_messages (
    id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES users(id), class_id INTEGER NOT NULL REFERENCES classes(id),
    body TEXT NOT NULL, sent_at INTEGER NOT NULL, recipients INTEGER NOT NULL
  );
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    author_id INTEGER NOT NULL REFERENCES users(id), body TEXT NOT NULL, sent_at INTEGER NOT NULL,
    class_message_id INTEGER REFERENCES class_messages(id)
  );
  CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
  CREATE TABLE conversation_reads (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id), user_id INTEGER NOT NULL REFERENCES users(id),
    read_upto INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (conversation_id, user_id)
  );
  -- A4: when each student and parent last opened a diary.
  CREATE TABLE diary_opens (
    student_id INTEGER NOT NULL REFERENCES students(id), user_id INTEGER NOT NULL REFERENCES users(id),
    first_opened_at INTEGER NOT NULL, last_opened_at INTEGER NOT NULL, opens INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (student_id, user_id)
  );
  `,
  `
  -- P4: the calendar-thematic plan per subject and grade: ordered topics with hours. A minimal,
  -- read-only version the demo seed fills; issue 5 (school set-up) makes it editable.
  CREATE TABLE thematic_plans (
    subject_id INTEGER NOT NULL REFERENCES subjects(id), grade INTEGER NOT NULL, ord INTEGER NOT NULL,
    topic TEXT NOT NULL, hours INTEGER NOT NULL CHECK (hours > 0), PRIMARY KEY (subject_id, grade, ord)
  );
  `,
  `
  -- A1: a first password (made by the administrator) must be changed at first sign-in.
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  -- A2: invite codes, one per student and per parent slot; only the SHA-256 of a code is kept.
  -- A code is spent once (used_at), dies at expires_at, and is revoked when its slot is issued anew.
  CREATE TABLE invite_codes (
    id INTEGER PRIMARY KEY, code_hash TEXT NOT NULL UNIQUE, student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN ('student', 'parent')), slot INTEGER NOT NULL,
    issued_by INTEGER NOT NULL REFERENCES users(id), issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
    used_by INTEGER REFERENCES users(id), used_at INTEGER, revoked_at INTEGER
  );
  CREATE INDEX invite_codes_by_student ON invite_codes(student_id);
  `,
  `
  -- P1, P3: the calendar of each year, kept by the administrator: how it is divided, days off and
  -- holidays (ranges), moved school days (a working Saturday following a weekday's timetable, or a
  -- weekday made a day off: as_weekday NULL), bell times. A year with no bells of its own uses the school's.
  ALTER TABLE academic_years ADD COLUMN period_kind TEXT NOT NULL DEFAULT 'quarter';
  CREATE TABLE year_days_off (
    id INTEGER PRIMARY KEY, year_id INTEGER NOT NULL REFERENCES academic_years(id),
    starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, name TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX year_days_off_by_year ON year_days_off(year_id);
  CREATE TABLE year_moved_days (
    year_id INTEGER NOT NULL REFERENCES academic_years(id), on_date TEXT NOT NULL, as_weekday INTEGER,
    PRIMARY KEY (year_id, on_date)
  );
  CREATE TABLE year_bells (
    year_id INTEGER NOT NULL REFERENCES academic_years(id), slot INTEGER NOT NULL,
    starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, PRIMARY KEY (year_id, slot)
  );
  CREATE INDEX lessons_by_page_date ON lessons(page_id, held_on);
  `,
  `
  -- P2: subgroups of a class for a subject (English group 1 / group 2) and who is in each, from when
  -- (a move takes effect at a period's start; from_on NULL: from the year's start). until_on is the
  -- first day the student is no longer in the group (exclusive), NULL while still in it.
  CREATE TABLE class_groups (
    id INTEGER PRIMARY KEY, class_id INTEGER NOT NULL REFERENCES classes(id), subject_id INTEGER NOT NULL REFERENCES subjects(id),
    name TEXT NOT NULL, UNIQUE (class_id, subject_id, name)
  );
  CREATE TABLE group_members (
    id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL REFERENCES class_groups(id), student_id INTEGER NOT NULL REFERENCES students(id),
    from_on TEXT, until_on TEXT, set_by INTEGER NOT NULL REFERENCES users(id), set_at INTEGER NOT NULL
  );
  CREATE INDEX group_members_by_group ON group_members(group_id);
  CREATE INDEX group_members_by_student ON group_members(student_id);
  -- J1: a page is a class or a subgroup x subject x year; several pages of one class and subject
  -- (one per group) need the old UNIQUE (year_id, class_id, subject_id) gone, so the table is rebuilt
  -- (the runner turns foreign keys off around migrations and checks them after).
${PAGES_WITH_GROUPS}
  CREATE INDEX pages_by_class ON pages(class_id);
  -- P2: curriculum hours per subject per class (hours per year).
  CREATE TABLE curriculum (
    class_id INTEGER NOT NULL REFERENCES classes(id), subject_id INTEGER NOT NULL REFERENCES subjects(id),
    hours INTEGER NOT NULL CHECK (hours > 0), set_by INTEGER NOT NULL REFERENCES users(id), set_at INTEGER NOT NULL,
    PRIMARY KEY (class_id, subject_id)
  );
  -- P4: a plan's state: approved (by the deputy or administrator) while its hours match; an edit un-approves it.
  CREATE TABLE thematic_plan_state (
    subject_id INTEGER NOT NULL REFERENCES subjects(id), grade INTEGER NOT NULL,
    edited_by INTEGER REFERENCES users(id), edited_at INTEGER, approved_by INTEGER REFERENCES users(id), approved_at INTEGER,
    PRIMARY KEY (subject_id, grade)
  );
  -- D5 and movement: each stay of a student in a class (from_on NULL: from the class's year start;
  -- until_on the first day elsewhere, exclusive). students.class_id stays the current class.
  CREATE TABLE class_enrolments (
    id INTEGER PRIMARY KEY, student_id INTEGER NOT NULL REFERENCES students(id), class_id INTEGER NOT NULL REFERENCES classes(id),
    from_on TEXT, until_on TEXT, UNIQUE (student_id, class_id)
  );
  CREATE INDEX class_enrolments_by_class ON class_enrolments(class_id);
  -- The record of every movement: enrolled, left, transferred, promoted, graduated, moved between groups.
  CREATE TABLE student_movements (
    id INTEGER PRIMARY KEY AUTOINCREMENT, student_id INTEGER NOT NULL REFERENCES students(id), kind TEXT NOT NULL,
    on_date TEXT NOT NULL, from_class INTEGER, to_class INTEGER, from_group INTEGER, to_group INTEGER,
    reason TEXT NOT NULL DEFAULT '', by_user INTEGER NOT NULL REFERENCES users(id), at INTEGER NOT NULL
  );
  -- Year close: a closed year's pages are read-only (year-closed); promoted_to names the year its classes went on to.
  ALTER TABLE academic_years ADD COLUMN closed_at INTEGER;
  ALTER TABLE academic_years ADD COLUMN closed_by INTEGER;
  ALTER TABLE academic_years ADD COLUMN promoted_to INTEGER;
  `,
  `
  -- Issue 10: the newest lease token of each shard that wrote; a node whose token is older was fenced off.
  CREATE TABLE shard_fences (shard TEXT PRIMARY KEY, token INTEGER NOT NULL);
  `,
  // Who may open a diary is asked at every connection (a morning: 1,500 of them): by student, not by scanning.
  `
  CREATE INDEX users_by_student ON users(student_id);
  CREATE INDEX parent_links_by_student ON parent_links(student_id);
  `,
];

/** Migrations PostgreSQL runs in another form (still SQLite's dialect, translated like the rest): by index. */
export const POSTGRES_MIGRATIONS: Readonly<Record<number, string>> = {
  [MIGRATIONS.findIndex((m) => m.includes("CREATE TABLE pages_new"))]: MIGRATIONS.find((m) => m.includes("CREATE TABLE pages_new"))!.replace(PAGES_WITH_GROUPS, PAGES_WITH_GROUPS_IN_PLACE),
};
