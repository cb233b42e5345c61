import type { SqlDatabase } from "./sql-database.ts";

export interface SessionRow {
  id: string;
  user_id: number;
  expires_at: number;
}

export class SessionRepository {
  constructor(private readonly db: SqlDatabase) {}

  insert(row: SessionRow): void {
    this.db.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)").run(row.id, row.user_id, row.expires_at);
  }

  get(id: string): SessionRow | undefined {
    return this.db.prepare<[string], SessionRow>("SELECT id, user_id, expires_at FROM sessions WHERE id = ?").get(id);
  }

  extend(id: string, expiresAt: number): void {
    this.db.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?").run(expiresAt, id);
  }

  delete(id: string): void {
    this.db.prepare("DELETE FROM sessions WHERE id = ?").run(id);
  }

  deleteForUser(userId: number): void {
    this.db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId);
  }

  deleteExpired(now: number): void {
    this.db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now);
  }
}
