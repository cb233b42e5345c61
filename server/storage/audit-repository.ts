/**
 * J11: one row per attempted change: accepted, rejected, or superseded (it
 * lost to a concurrent write of the same cell, or was overwritten on its
 * author's device before it reached the server). The table refuses UPDATE and DELETE.
 */
import type { SqlDatabase } from "./sql-database.ts";

export interface AuditEntry {
  serverTime: number;
  authorTime: number | null;
  userId: string;
  docName: string;
  target: string;
  oldValue: string | null;
  newValue: string | null;
  decision: "accepted" | "rejected" | "superseded";
  reason: string | null;
  permitId?: string | null;
}

export class AuditRepository {
  private readonly insertRow;
  constructor(private readonly db: SqlDatabase) {
    this.insertRow = db.prepare(
      `INSERT INTO audit_log (server_time, author_time, user_id, doc_name, target, old_value, new_value, decision, reason, permit_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(e: AuditEntry): void {
    this.insertRow.run(e.serverTime, e.authorTime, Number(e.userId), e.docName, e.target, e.oldValue, e.newValue, e.decision, e.reason, e.permitId ?? null);
  }

  history(docName: string, target: string): AuditEntry[] {
    type Row = { server_time: number; author_time: number | null; user_id: number; doc_name: string; target: string; old_value: string | null; new_value: string | null; decision: "accepted" | "rejected" | "superseded"; reason: string | null; permit_id: number | null };
    return this.db
      .prepare<[string, string], Row>("SELECT * FROM audit_log WHERE doc_name = ? AND target = ? ORDER BY id")
      .all(docName, target)
      .map((r) => ({
        serverTime: r.server_time, authorTime: r.author_time, userId: String(r.user_id), docName: r.doc_name, target: r.target,
        oldValue: r.old_value, newValue: r.new_value, decision: r.decision, reason: r.reason,
        permitId: r.permit_id === null ? null : String(r.permit_id),
      }));
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM audit_log").get() as { n: number }).n;
  }
}
