// Every kind of queued task change, in one table: what it adds when queued, the request it sends, how it
// shows before the server answers (optimistic apply, and reorder for moves), what an ok reply settles, what
// a refusal undoes, the text that says why, and what of it can be undone. A new kind of change is a new row here; the outbox, sync and the store stay as
// they are. The op shapes themselves are listed at the top of outbox.js.

import { quoted, randomKey, plural } from './format.js';

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
 *   reorder?(tasks, op)                  moves tasks in `tasks` (an array in the list's order, mutated);
 *   confirmed(op, reply, {store, outbox}) applies an ok reply (the op is out of the queue already);
 *   refused?(op, reply, {store, outbox})  undoes what a refusal leaves behind; returns the message to show,
 *                                        or null for none (default: the failure text);
 *   failure(op)                          how a refusal message starts: "Could not add “x”";
 *   conflicts?                           true when the kind carries ifRev, so `conflict` replies are possible;
 *   undoable(op, reply, outbox)          what an ok reply made undoable: {text, revs: [{rev, task}], deleted: [ids]}
 *                                        (deletes have no rev in their reply: their task.deleted event tells it),
 *                                        or null when nothing changed.
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
    undoable: (op, reply) => (reply.deleted ? null
      : { text: `Added ${quoted(op.fields.name)}`, revs: [{ rev: reply.task.rev, task: reply.task.id }] }),
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
    undoable: (op, reply) => ({ text: updateText(op), revs: [{ rev: reply.task.rev, task: reply.task.id }] }),
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
    undoable: (op, reply, outbox) => ({ text: `Deleted ${quoted(op.label)}`, revs: [], deleted: [outbox.realId(op.task)] }),
  },

  move: {
    request(op, outbox) {
      const task = outbox.realId(op.task);
      const side = 'after' in op ? 'after' : 'before';
      const neighbour = op[side] === null ? null : outbox.realId(op[side]);
      if (task === null || (op[side] !== null && neighbour === null)) return null;
      return { type: 'task.move', params: { task, [side]: neighbour } };
    },
    apply(tasks, op) {
      const task = tasks.get(op.task);
      if (task) tasks.set(op.task, { ...task, pending: true });
    },
    reorder(tasks, op) {
      const from = tasks.findIndex((t) => t.id === op.task);
      if (from < 0) return;
      const [task] = tasks.splice(from, 1);
      const side = 'after' in op ? 'after' : 'before';
      const at = op[side] === null ? -1 : tasks.findIndex((t) => t.id === op[side]);
      if (op[side] !== null && at < 0) tasks.splice(from, 0, task); // neighbour gone: the server will say
      else if (side === 'after') tasks.splice(at + 1, 0, task); // after null: at the top
      else tasks.splice(at < 0 ? tasks.length : at, 0, task); // before null: at the bottom
    },
    confirmed(op, reply, { store }) {
      store.applyTask(reply.task);
    },
    refused(op, reply) {
      if (reply.error !== 'not_found') return failureText(op, reply);
      return `Could not move ${quoted(op.label)}: it, or the task next to where it was dropped, no longer exists.`;
    },
    failure: (op) => `Could not move ${quoted(op.label)}`,
    undoable: (op, reply) => ({ text: `Moved ${quoted(op.label)}`, revs: [{ rev: reply.task.rev, task: reply.task.id }] }),
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
    undoable(op, reply) {
      const tasks = reply.tasks ?? [];
      if (!tasks.length) return null;
      const n = tasks.length;
      return {
        text: `Marked ${n} ${plural(n, 'task')} as ${op.completed ? 'completed' : 'not completed'}`,
        revs: tasks.map((t) => ({ rev: t.rev, task: t.id })),
      };
    },
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
    undoable(op, reply) {
      const deleted = reply.deleted ?? [];
      if (!deleted.length) return null;
      const n = deleted.length;
      return { text: `Cleared ${n} completed ${plural(n, 'task')}`, revs: [], deleted };
    },
  },
};

/** The table row of an op, or null for a kind this page does not know. */
export function kindOf(op) {
  return Object.hasOwn(OP_KINDS, op.kind) ? OP_KINDS[op.kind] : null;
}

/** What a confirmed update did, for the undo toast: "Completed “Milk”", "Renamed “Milk”", "Changed “Milk”". */
function updateText(op) {
  const fields = Object.keys(op.fields);
  if (fields.length === 1 && fields[0] === 'completed') {
    return `${op.fields.completed ? 'Completed' : 'Reopened'} ${quoted(op.label)}`;
  }
  if (fields.length === 1 && fields[0] === 'name') return `Renamed ${quoted(op.label)} to ${quoted(op.fields.name)}`;
  return `Changed ${quoted(op.label)}`;
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

/**
 * `tasks` (an array in the server's order) with the queued moves of the list applied in queue order: each
 * lands next to its neighbour wherever that neighbour is now, as the server will place it.
 */
export function inQueuedOrder(tasks, ops, listId) {
  for (const op of ops) {
    if (op.list === listId) kindOf(op)?.reorder?.(tasks, op);
  }
  return tasks;
}
