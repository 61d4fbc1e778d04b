// What a person does with tasks. Every change is an op queued in the outbox: shown at once, sent when
// the connection allows, confirmed or rolled back by the reply (see sync.js). A viewer's page offers none of
// these; should one slip through (a role changed a moment ago), it is refused here with a message.

import { isTempId } from './op-kinds.js';

/** deps: {store, sync, details, status, conflictDialog} */
export function createTaskActions({ store, sync, details, status, conflictDialog }) {
  /** Whether I may change the list; says why not when I may not. */
  function editable(list) {
    if (store.canEdit(list) || !store.lists.has(list)) return true; // lists not loaded yet: the server decides
    status.message('You can only view this list.');
    return false;
  }

  function addTask(name) {
    const list = store.currentListId;
    if (list === null) {
      status.message(store.listsLoaded ? 'Create a list first.' : 'Your lists are still loading.');
      return;
    }
    if (!editable(list)) return;
    sync.enqueue({ kind: 'create', list, fields: { name }, label: name });
  }

  function toggleTask(task, completed) {
    if (!editable(task.list)) return;
    sync.enqueue({ kind: 'update', list: task.list, task: task.id, fields: { completed }, label: task.name });
  }

  function toggleAll(completed) {
    const list = store.currentListId;
    if (list !== null && editable(list)) sync.enqueue({ kind: 'completeAll', list, completed });
  }

  function renameTask(task, name, base) {
    if (!editable(task.list)) return;
    sync.enqueue({
      kind: 'update', list: task.list, task: task.id, fields: { name }, label: base.name,
      ifRev: isTempId(task.id) || !Number.isInteger(base.rev) ? undefined : base.rev,
      base: { name: base.name },
    });
  }

  function saveDetails(task, fields, base, ifRev) {
    if (!editable(task.list)) return;
    sync.enqueue({
      kind: 'update', list: task.list, task: task.id, fields, base, label: task.name,
      ifRev: isTempId(task.id) || !Number.isInteger(ifRev) ? undefined : ifRev,
    });
  }

  function deleteTask(task) {
    if (!editable(task.list)) return;
    if (details.isOpen && details.key === task.viewKey) details.close(false);
    sync.enqueue({ kind: 'delete', list: task.list, task: task.id, label: task.name });
  }

  function clearCompleted() {
    const list = store.currentListId;
    if (list === null || !editable(list)) return;
    if (details.isOpen && details.task && details.task.completed) details.close(false);
    sync.enqueue({ kind: 'clearCompleted', list });
  }

  /**
   * Moves a task next to another: where = {after: task or null (the top)} or {before: task or null (the
   * bottom)}. Shown at once; the server's reply gives it its new position, a refusal puts it back.
   */
  function moveTask(task, where) {
    if (!editable(task.list)) return;
    const side = 'after' in where ? 'after' : 'before';
    const neighbour = where[side] === null ? null : where[side].id;
    sync.enqueue({ kind: 'move', list: task.list, task: task.id, [side]: neighbour, label: task.name });
  }

  /** Someone else changed the fields I edited: let the person choose. */
  async function resolveConflict(op, current) {
    const choice = await conflictDialog.ask({ current, mine: op.fields });
    if (choice !== 'mine') return;
    const now = store.serverTask(op.list, current.id) ?? current;
    const base = {};
    for (const field of Object.keys(op.fields)) base[field] = now[field];
    sync.enqueue({ kind: 'update', list: op.list, task: now.id, fields: op.fields, ifRev: now.rev, base, label: now.name });
  }

  return {
    addTask, toggleTask, toggleAll, renameTask, saveDetails, deleteTask, clearCompleted, moveTask, resolveConflict,
  };
}
