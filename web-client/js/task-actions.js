// What a person does with tasks. Every change is an op queued in the outbox: shown at once, sent when
// the connection allows, confirmed or rolled back by the reply (see sync.js).

import { isTempId } from './op-kinds.js';

/** deps: {store, sync, details, status, conflictDialog} */
export function createTaskActions({ store, sync, details, status, conflictDialog }) {
  function addTask(name) {
    const list = store.currentListId;
    if (list === null) {
      status.message(store.listsLoaded ? 'Create a list first.' : 'Your lists are still loading.');
      return;
    }
    sync.enqueue({ kind: 'create', list, fields: { name }, label: name });
  }

  function toggleTask(task, completed) {
    sync.enqueue({ kind: 'update', list: task.list, task: task.id, fields: { completed }, label: task.name });
  }

  function toggleAll(completed) {
    const list = store.currentListId;
    if (list !== null) sync.enqueue({ kind: 'completeAll', list, completed });
  }

  function renameTask(task, name, base) {
    sync.enqueue({
      kind: 'update', list: task.list, task: task.id, fields: { name }, label: base.name,
      ifRev: isTempId(task.id) || !Number.isInteger(base.rev) ? undefined : base.rev,
      base: { name: base.name },
    });
  }

  function saveDetails(task, fields, base, ifRev) {
    sync.enqueue({
      kind: 'update', list: task.list, task: task.id, fields, base, label: task.name,
      ifRev: isTempId(task.id) || !Number.isInteger(ifRev) ? undefined : ifRev,
    });
  }

  function deleteTask(task) {
    if (details.isOpen && details.key === task.viewKey) details.close(false);
    sync.enqueue({ kind: 'delete', list: task.list, task: task.id, label: task.name });
  }

  function clearCompleted() {
    const list = store.currentListId;
    if (list === null) return;
    if (details.isOpen && details.task && details.task.completed) details.close(false);
    sync.enqueue({ kind: 'clearCompleted', list });
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
    addTask, toggleTask, toggleAll, renameTask, saveDetails, deleteTask, clearCompleted, resolveConflict,
  };
}
