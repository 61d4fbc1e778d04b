// Undo: of my own changes made on this page (the toast, and Ctrl+Z / Cmd+Z outside text fields), and of any
// change in a list's history (the activity panel). Each confirmed change of mine becomes a group of revs (one,
// or one per task for the bulk verbs); undoing it sends `undo {list, rev}` for each, newest first, and the
// server makes and broadcasts a new change per rev. Undo needs the server: it is a request, never queued.
//
// A delete's reply carries no rev, so a group remembers the deleted task ids and looks their revs up in the
// list's history when it is undone.

import { quoted } from './format.js';
import { kindOf } from './op-kinds.js';

const MAX_GROUPS = 100; // changes remembered per page, all lists together
const HISTORY_PAGE = 200; // the most `history` gives per request
const HISTORY_PAGES = 10; // how far back a delete's rev is looked for

/** deps: {conn, store, outbox, status, toast} */
export function createUndoActions({ conn, store, outbox, status, toast }) {
  const groups = []; // {list, text, revs: [{rev, task}], deleted: [task ids], undone}, oldest first

  /** An op of mine was confirmed (from sync): remember what it changed and offer to undo it. */
  function confirmed(op, reply) {
    const made = kindOf(op)?.undoable?.(op, reply, outbox);
    if (!made) return;
    // A change that changed nothing keeps the task's old rev, whose event was applied already (a change's
    // events come after its reply): that rev is not mine to undo.
    const applied = store.listStates.get(op.list)?.rev ?? 0;
    const revs = op.kind === 'completeAll' ? made.revs : made.revs.filter((r) => r.rev > applied);
    const deleted = made.deleted ?? [];
    if (!revs.length && !deleted.length) return;
    const group = { list: op.list, text: made.text, revs, deleted, undone: false };
    groups.push(group);
    if (groups.length > MAX_GROUPS) groups.shift();
    if (op.list === store.currentListId) toast.show(group.text, () => undoGroup(group), group.list);
  }

  /** Ctrl+Z / Cmd+Z: the latest change of mine in the open list that is not undone yet. */
  function undoLast() {
    const list = store.currentListId;
    if (list === null || !store.canEdit(list)) return;
    const group = groups.findLast((g) => g.list === list && !g.undone);
    if (group) undoGroup(group);
    else status.message('Nothing to undo.', 'info');
  }

  async function undoGroup(group) {
    if (group.undone) return;
    if (!store.authed) {
      status.message('You are offline: the change cannot be undone now.');
      return;
    }
    group.undone = true; // a second click or Ctrl+Z while this runs does nothing
    toast.hide();
    const revs = [...group.revs, ...await deleteRevs(group.list, group.deleted)];
    revs.sort((a, b) => b.rev - a.rev);
    if (!revs.length) {
      status.message(`Cannot undo: ${group.text} is no longer in the list's history.`);
      return;
    }
    let undone = 0;
    for (const { rev, task } of revs) {
      const reply = await undo(group.list, rev, task);
      if (reply.ok) undone += 1;
      else {
        status.message(refusalText(reply, task, group.list));
        if (reply.error === 'offline') break;
      }
    }
    if (undone > 0) status.message(`Undone: ${group.text}.`, 'info');
    else group.undone = false; // nothing happened: it can be tried again
  }

  /** The revs of my deletes of `ids`, from the list's history (newest first), as [{rev, task}]. */
  async function deleteRevs(list, ids) {
    const wanted = new Set(ids);
    const found = [];
    let before;
    for (let page = 0; wanted.size > 0 && page < HISTORY_PAGES; page++) {
      const reply = await conn.request('history', before === undefined
        ? { list, limit: HISTORY_PAGE } : { list, before, limit: HISTORY_PAGE });
      if (!reply.ok || !reply.entries.length) break;
      for (const e of reply.entries) {
        if (e.type === 'deleted' && e.by === store.username && wanted.delete(e.task.id)) found.push({ rev: e.rev, task: e.task.id });
      }
      before = reply.entries[reply.entries.length - 1].rev;
    }
    return found;
  }

  /** One `undo`; applies what its reply says. `task`: the id of the task that change was about. */
  async function undo(list, rev, task) {
    const reply = await conn.request('undo', { list, rev });
    if (reply.ok) {
      if (reply.task) store.restoreTask(reply.task);
      else store.removeTask(list, task); // undoing a create deletes the task
    } else if (reply.error === 'conflict' && reply.task) {
      store.applyTask(reply.task);
    }
    return reply;
  }

  /** Undo of one history entry (the activity panel, which says why when refused); resolves with the reply. */
  function undoEntry(list, entry) {
    return undo(list, entry.rev, entry.task.id);
  }

  /** Why an undo was refused, in words. */
  function refusalText(reply, taskId, list, name) {
    const current = reply.task ?? store.serverTask(list, taskId);
    const what = quoted(current ? current.name : name ?? 'the task');
    if (reply.error === 'conflict') {
      return reply.task
        ? `Cannot undo: ${what} has changed since (last by ${reply.task.updatedBy}), or that change was already undone.`
        : `Cannot undo: ${what} no longer exists, or that change was already undone.`;
    }
    if (reply.error === 'forbidden') return 'Cannot undo: you can only view this list.';
    if (reply.error === 'offline') return 'You are offline: the change cannot be undone now.';
    if (reply.error === 'not_found') return 'Cannot undo: that change is not in this list\'s history.';
    return `Cannot undo: ${reply.message || reply.error}.`;
  }

  return { confirmed, undoLast, undoEntry, refusalText };
}
