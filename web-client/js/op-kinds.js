// Every kind of queued task change, in one table: what it adds when queued, the request it sends, how it
// shows before the server answers (optimistic apply), what an ok reply settles, what a refusal undoes, and
// the text that says why. A new kind of change is a new row here; the outbox, sync and the store stay as
// they are. The op shapes themselves are listed at the top of outbox.js.

import { quoted, randomKey } from './format.js';

const TEMP_ID_PREFIX = 'new:';

/** A task id that is still temporary: its create is queued and not confirmed yet. */
export function isTempId(id) {
  return typeof id === 'string' && id.startsWith(TEMP_ID_PREFIX);
}

/**
 * kind -> {
 *   onQueue(op)?                         fills in what the kind needs once queued (mutates op);
 *   request(op, outbox)                  {type, params} to send, or null when it can no longer be sent;
 *   apply(tasks, op, me)                 shows the change on `tasks` (id -> task, mutated), marked pending;
 *   confirmed(op, reply, {store, outbox}) applies an ok reply (the op is out of the queue already);
 *   refused?(op, reply, {store, outbox})  undoes what a refusal leaves behind; returns the message to show,
 *                                        or null for none (default: the failure text);
 *   failure(op)                          how a refusal message starts: "Could not add “x”";
 *   conflicts?                           true when the kind carries ifRev, so `conflict` replies are possible.
 * }
 */
export const OP_KINDS = {
  create: {
    onQueue(op) {
      op.key = op.key ?? randomKey();
      op.tempId = TEMP_ID_PREFIX + op.key;
    },
    request: (op) => ({ type: 'task.create', params: { list: op.list, key: op.key, ...op.fields } }),
    apply(tasks, op, me) {
      tasks.set(op.tempId, {
        id: op.tempId, list: op.list, name: op.fields.name, note: op.fields.note ?? '',
        due: op.fields.due ?? null, completed: Boolean(op.fields.completed), created: op.at, updated: op.at,
        createdBy: me, updatedBy: me, rev: null, pending: true,
      });
    },
    confirmed(op, reply, { store, outbox }) {
      if (reply.deleted) {
        // Replayed after someone deleted it: nothing to show, and later ops on it are moot.
        outbox.dropCreate(op.tempId);
        store.removeTask(op.list, reply.task.id);
      } else {
        store.keepViewKey(reply.task.id, op.tempId);
        outbox.confirmCreate(op.tempId, reply.task.id);
        store.applyTask(reply.task);
      }
    },
    refused(op, reply, { outbox }) {
      outbox.dropCreate(op.tempId);
      return failureText(op, reply);
    },
    failure: (op) => `Could not add ${quoted(op.fields.name)}`,
  },

  update: {
    request(op, outbox) {
      const task = outbox.realId(op.task);
      if (task === null) return null;
      const params = { task, ...op.fields };
      if (Number.isInteger(op.ifRev)) params.ifRev = op.ifRev;
      return { type: 'task.update', params };
    },
    apply(tasks, op, me) {
      const task = tasks.get(op.task);
      if (task) tasks.set(op.task, { ...task, ...op.fields, updatedBy: me, updated: op.at, pending: true });
    },
    confirmed(op, reply, { store }) {
      store.applyTask(reply.task);
    },
    refused(op, reply, { store, outbox }) {
      if (reply.error !== 'not_found') return failureText(op, reply);
      store.removeTask(op.list, outbox.realId(op.task));
      return `${quoted(op.label)} no longer exists: your change could not be saved.`;
    },
    failure: (op) => `Could not save ${quoted(op.label)}`,
    conflicts: true,
  },

  delete: {
    request(op, outbox) {
      const task = outbox.realId(op.task);
      return task === null ? null : { type: 'task.delete', params: { task } };
    },
    apply(tasks, op) {
      tasks.delete(op.task);
    },
    confirmed(op, reply, { store, outbox }) {
      store.removeTask(op.list, outbox.realId(op.task));
    },
    refused(op, reply, { store, outbox }) {
      if (reply.error !== 'not_found') return failureText(op, reply);
      store.removeTask(op.list, outbox.realId(op.task)); // already gone: that is what we wanted
      return null;
    },
    failure: (op) => `Could not delete ${quoted(op.label)}`,
  },

  completeAll: {
    request: (op) => ({ type: 'tasks.completeAll', params: { list: op.list, completed: op.completed } }),
    apply(tasks, op, me) {
      for (const [id, task] of tasks) {
        if (task.completed !== op.completed) tasks.set(id, { ...task, completed: op.completed, updatedBy: me, pending: true });
      }
    },
    confirmed(op, reply, { store }) {
      for (const task of reply.tasks ?? []) store.applyTask(task);
    },
    failure: () => 'Could not change all tasks',
  },

  clearCompleted: {
    request: (op) => ({ type: 'tasks.clearCompleted', params: { list: op.list } }),
    apply(tasks) {
      for (const [id, task] of tasks) if (task.completed) tasks.delete(id);
    },
    confirmed(op, reply, { store }) {
      for (const id of reply.deleted ?? []) store.removeTask(op.list, id);
    },
    failure: () => 'Could not clear completed tasks',
  },
};

/** The table row of an op, or null for a kind this page does not know. */
export function kindOf(op) {
  return Object.hasOwn(OP_KINDS, op.kind) ? OP_KINDS[op.kind] : null;
}

/** "Could not add “x”: name must be 1–500 characters." */
export function failureText(op, reply) {
  const why = reply.message || reply.error || 'the server refused it';
  return `${kindOf(op).failure(op)}: ${why}.`;
}

/**
 * The tasks of one list as the person should see them: the server's copy with every queued op of that
 * list applied in order (optimistic). Queued tasks and changes are marked `pending: true`.
 */
export function withQueuedOps(serverTasks, ops, listId, me) {
  const shown = new Map(serverTasks);
  for (const op of ops) {
    if (op.list === listId) kindOf(op)?.apply(shown, op, me);
  }
  return shown;
}
