/**
 * The calendar-thematic plan (P4): a subject's ordered topics for a grade,
 * each with its hours. The lesson editor offers the plan's next topic: the
 * topic after the last one the earlier lessons took, once it has had its
 * hours (J2: the topic is written in full, from the plan).
 */
export interface PlanTopic {
  ord: number;
  topic: string;
  hours: number;
}

/** The topic to offer for a lesson, given the topics of the page's earlier lessons (oldest first). */
export function nextPlanTopic(plan: readonly PlanTopic[], earlierTopics: readonly string[]): PlanTopic | null {
  if (plan.length === 0) return null;
  const index = new Map(plan.map((t, i) => [t.topic.trim(), i]));
  let last = -1;
  let used = 0;
  for (const topic of earlierTopics) {
    const i = index.get(topic.trim());
    if (i === undefined) continue;
    if (i === last) used++;
    else {
      last = i;
      used = 1;
    }
  }
  if (last === -1) return plan[0]!;
  if (used < plan[last]!.hours) return plan[last]!;
  return plan[last + 1] ?? null;
}
