/**
 * Lifecycle step "validate change": applies one client update to the server's
 * replica, finds what it actually changed, asks the rules, and when anything
 * is refused undoes the whole update in a compensating transaction.
 *
 * A Yjs update cannot be dropped (later updates of the same client would wait
 * for it forever), so a refused change is kept and neutralised. The caller
 * sends peers the update and its compensation merged as one, so no replica
 * ever shows the refused value, even for a frame.
 *
 * A refused value in a map is compensated key by key (the policy writes the
 * value before it back), so the rest of the update, e.g. a day of offline
 * work, still counts. Anything the policy cannot revert that way (a change to
 * the document's structure) makes the whole update undone by an undo manager,
 * which only captures such transactions: `captureTransaction` runs after the
 * observers, when the verdict is known, so accepted updates are
 * garbage-collected as usual.
 */
import * as Y from "yjs";
import type { ErrorCode } from "../../shared/errors.ts";

/** Origin of a transaction that applies a client's update on the server. */
export class ClientEdit<C> {
  constructor(readonly check: ChangeCheck<C>) {}
  readonly changes: C[] = [];
  verdicts: Array<ErrorCode | null> = [];
  refused = false;
  /** A refused change the policy cannot revert alone: the whole update is undone. */
  undoAll = false;
}

/** Origin of the server's compensating transaction. */
export const COMPENSATION = Symbol("compensation");

/** How one kind of document reports and judges its changes. */
export interface GuardPolicy<C> {
  /** Registers observers that push every change made by `current()` transactions. */
  observe(doc: Y.Doc, current: () => ClientEdit<C> | null): void;
  /** A change the schema does not know, found by path (root name first). */
  structural(path: string): C;
  /** Root types whose direct children a client may change (the rest is checked by the observers). */
  isAllowedType(doc: Y.Doc, type: Y.AbstractType<any>, rootName: string): boolean;
  /** Reports what the transaction inserted that is already gone (runs before garbage collection). */
  collectLost?(doc: Y.Doc, tr: Y.Transaction, edit: ClientEdit<C>): void;
  /** Writes back the value a refused change replaced; false when it cannot be reverted alone. */
  revert?(doc: Y.Doc, change: C): boolean;
  /** True for a change that can be reverted alone (checked before anything is reverted). */
  revertible?(change: C): boolean;
}

/** The rules for one update's author. */
export type ChangeCheck<C> = (change: C) => ErrorCode | null;

export interface GuardResult<C> {
  /** The update as the server's replica integrated it; null when it changed nothing. */
  applied: Uint8Array | null;
  /** The compensating update when the change was refused. */
  compensation: Uint8Array | null;
  changes: C[];
  verdicts: Array<ErrorCode | null>;
  refused: boolean;
  /** The whole update was undone (every change counts as refused). */
  undoneWhole: boolean;
}

export interface UpdateGuard<C> {
  apply(update: Uint8Array, check: ChangeCheck<C>): GuardResult<C>;
  destroy(): void;
}

function rootNameOf(doc: Y.Doc, type: Y.AbstractType<any>): { root: Y.AbstractType<any>; name: string } {
  let t = type;
  while (t._item !== null) t = t._item.parent as Y.AbstractType<any>;
  for (const [name, shared] of doc.share) if (shared === t) return { root: t, name };
  return { root: t, name: "?" };
}

export function createUpdateGuard<C>(doc: Y.Doc, policy: GuardPolicy<C>): UpdateGuard<C> {
  let current: ClientEdit<C> | null = null;
  policy.observe(doc, () => current);

  const judge = (tr: Y.Transaction): boolean => {
    const edit = tr.origin;
    if (!(edit instanceof ClientEdit) || edit !== current) return false;
    for (const type of tr.changed.keys()) {
      const { name } = rootNameOf(doc, type);
      if (!policy.isAllowedType(doc, type, name)) edit.changes.push(policy.structural(name));
    }
    policy.collectLost?.(doc, tr, edit);
    edit.verdicts = edit.changes.map((c) => edit.check(c as C));
    edit.refused = edit.verdicts.some((v) => v !== null);
    edit.undoAll = edit.changes.some((c, i) => edit.verdicts[i] !== null && !(policy.revertible?.(c as C) ?? false));
    return edit.undoAll;
  };

  const undo = new Y.UndoManager(doc, { trackedOrigins: new Set([ClientEdit]), captureTimeout: 0, captureTransaction: judge });

  return {
    apply(update, check) {
      const edit = new ClientEdit<C>(check);
      let applied: Uint8Array | null = null;
      let compensation: Uint8Array | null = null;
      const onUpdate = (u: Uint8Array, origin: unknown) => {
        if (origin === edit) applied = u;
        else if (origin === undo || origin === COMPENSATION) compensation = u;
      };
      doc.on("update", onUpdate);
      current = edit;
      try {
        Y.applyUpdate(doc, update, edit);
        current = null;
        if (edit.undoAll) undo.undo();
        else if (edit.refused) {
          doc.transact(() => edit.changes.forEach((c, i) => edit.verdicts[i] !== null && policy.revert?.(doc, c)), COMPENSATION);
        }
      } finally {
        current = null;
        undo.clear();
        doc.off("update", onUpdate);
      }
      return { applied, compensation, changes: edit.changes, verdicts: edit.verdicts, refused: edit.refused, undoneWhole: edit.undoAll };
    },
    destroy() {
      undo.destroy();
    },
  };
}
