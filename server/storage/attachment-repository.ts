/** J2: homework files, stored in the school's SQLite file so backups carry them. */
import type { SqlDatabase } from "./sql-database.ts";

export interface StoredAttachment {
  id: string;
  pageId: string;
  lessonId: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

export interface NewAttachment extends StoredAttachment {
  data: Uint8Array;
  uploadedBy: string;
  uploadedAt: number;
}

interface Row {
  id: string;
  page_id: number;
  lesson_id: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

const COLUMNS = "id, page_id, lesson_id, name, mime, size, sha256";
const fromRow = (r: Row): StoredAttachment => ({ id: r.id, pageId: String(r.page_id), lessonId: String(r.lesson_id), name: r.name, mime: r.mime, size: r.size, sha256: r.sha256 });

export class AttachmentRepository {
  constructor(private readonly db: SqlDatabase) {}

  add(a: NewAttachment): void {
    this.db
      .prepare("INSERT INTO attachments (id, page_id, lesson_id, name, mime, size, sha256, data, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(a.id, a.pageId, a.lessonId, a.name, a.mime, a.size, a.sha256, Buffer.from(a.data), a.uploadedBy, a.uploadedAt);
  }

  /** A file still attached to its lesson. */
  find(id: string): StoredAttachment | null {
    const row = this.db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM attachments WHERE id = ? AND removed_at IS NULL`).get(id);
    return row ? fromRow(row) : null;
  }

  data(id: string): Buffer | null {
    const row = this.db.prepare<[string], { data: Buffer }>("SELECT data FROM attachments WHERE id = ? AND removed_at IS NULL").get(id);
    return row?.data ?? null;
  }

  countOnLesson(lessonId: string): number {
    return this.db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM attachments WHERE lesson_id = ? AND removed_at IS NULL").get(lessonId)!.n;
  }

  onLesson(lessonId: string): StoredAttachment[] {
    return this.db
      .prepare<[string], Row>(`SELECT ${COLUMNS} FROM attachments WHERE lesson_id = ? AND removed_at IS NULL ORDER BY uploaded_at, id`)
      .all(lessonId)
      .map(fromRow);
  }

  remove(id: string, by: string, at: number): void {
    this.db.prepare("UPDATE attachments SET removed_by = ?, removed_at = ? WHERE id = ? AND removed_at IS NULL").run(by, at, id);
  }

  /** Which page a lesson belongs to, if it exists. */
  pageOfLesson(lessonId: string): string | null {
    const row = this.db.prepare<[string], { page_id: number }>("SELECT page_id FROM lessons WHERE id = ?").get(lessonId);
    return row ? String(row.page_id) : null;
  }
}
