import type * as Y from "yjs";

/** A type and what to call when it changes; `deep` also for changes inside its nested types. */
export type Subscription = [type: Y.AbstractType<any>, handler: (event: any) => void, deep?: "deep"];

/**
 * Observes each type with its handler until the returned function is called:
 * one list for both, so what a store observes and what it lets go of cannot drift apart.
 */
export function observeAll(subscriptions: Subscription[]): () => void {
  for (const [type, handler, deep] of subscriptions) {
    if (deep) type.observeDeep(handler);
    else type.observe(handler);
  }
  return () => {
    for (const [type, handler, deep] of subscriptions) {
      if (deep) type.unobserveDeep(handler);
      else type.unobserve(handler);
    }
  };
}
