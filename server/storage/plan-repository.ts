/** P4: calendar-thematic plans, read by page (its subject and its class's grade). Written by the seed until issue 5. */
import type { SqlDatabase } from "./sql-database.ts";
import type { PlanTopic } from "../../shared/thematic-plan.ts";

export class PlanRepository {
  constructor(private readonly db: SqlDatabase) {}

  planOfPage(pageId: string): PlanTopic[] {
    return this.db
      .prepare<[string], PlanTopic>(
        `SELECT t.ord, t.topic, t.hours FROM pages p JOIN classes c ON c.id = p.class_id
         JOIN thematic_plans t ON t.subject_id = p.subject_id AND t.grade = c.grade
         WHERE p.id = ? ORDER BY t.ord`,
      )
      .all(pageId);
  }
}
