// Sends the outbox to the server, one op at a time and in order, whenever the connection is signed in.
// Each op stays queued (and in localStorage) until its reply: a reply that never came is simply sent
// again after a reconnect (creates carry their `key`, so a replay never duplicates a task).
// An ok reply updates the server copy; a refusal drops the op (the optimistic change rolls back by
// itself, since the view is server copy + queue) and says why; an `ifRev` conflict on fields someone
// else changed is handed to the person to decide.

import { OFFLINE } from './connection.js';
import { quoted } from './format.js';

const RATE_LIMIT_RETRY_MS = 1000;

const same = (a, b) => (a ?? null) === (b ?? null);

export class Sync {
  constructor({ conn, store, outbox, onError, onConflict }) {
    this.conn = conn;
    this.store = store;
    this.outbox = outbox;
    this.onError = onError;
    this.onConflict = onConflict;
    this.running = false;
  }

  /** Queues a change (shown at once) and sends it when possible. */
  enqueue(op) {
    const queued = this.outbox.push(op);
    this.store.changed();
    this.pump();
    return queued;
  }

  async pump() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.store.authed && this.conn.isOpen()) {
        const op = this.outbox.first();
        if (!op) break;
        const request = this.toRequest(op);
        if (!request) {
          this.outbox.remove(op); // refers to a task whose create was dropped
          this.store.changed();
          continue;
        }
        const reply = await this.conn.request(request.type, request.params);
        if (!reply.ok && reply.error === OFFLINE) break; // stays queued; sent again after reconnect
        if (!reply.ok && reply.error === 'unauthenticated') break; // re-auth will pump again
        if (!reply.ok && reply.error === 'rate_limited') {
          setTimeout(() => this.pump(), RATE_LIMIT_RETRY_MS);
          break;
        }
        if (this.outbox.first() !== op) continue; // signed out meanwhile
        this.settle(op, reply);
        this.store.changed();
      }
    } finally {
      this.running = false;
    }
  }

  toRequest(op) {
    switch (op.kind) {
      case 'create':
        return { type: 'task.create', params: { list: op.list, key: op.key, ...op.fields } };
      case 'update': {
        const task = this.outbox.resolve(op.task);
        if (task === null) return null;
        const params = { task, ...op.fields };
        if (Number.isInteger(op.ifRev)) params.ifRev = op.ifRev;
        return { type: 'task.update', params };
      }
      case 'delete': {
        const task = this.outbox.resolve(op.task);
        return task === null ? null : { type: 'task.delete', params: { task } };
      }
      case 'completeAll':
        return { type: 'tasks.completeAll', params: { list: op.list, completed: op.completed } };
      case 'clearCompleted':
        return { type: 'tasks.clearCompleted', params: { list: op.list } };
      default:
        return null;
    }
  }

  settle(op, reply) {
    const { store, outbox } = this;
    if (reply.ok) {
      outbox.remove(op);
      switch (op.kind) {
        case 'create':
          if (reply.deleted) {
            // Replayed after someone deleted it: nothing to show, and later ops on it are moot.
            outbox.dropTemp(op.tempId);
            store.removeTask(op.list, reply.task.id);
          } else {
            store.alias(reply.task.id, op.tempId);
            outbox.resolveTemp(op.tempId, reply.task.id);
            store.applyTask(reply.task);
          }
          break;
        case 'update':
          store.applyTask(reply.task);
          break;
        case 'delete':
          store.removeTask(op.list, outbox.resolve(op.task));
          break;
        case 'completeAll':
          for (const t of reply.tasks ?? []) store.applyTask(t);
          break;
        case 'clearCompleted':
          for (const id of reply.deleted ?? []) store.removeTask(op.list, id);
          break;
        default:
          break;
      }
      return;
    }

    if (op.kind === 'update' && reply.error === 'conflict' && reply.task) {
      this.conflict(op, reply.task);
      return;
    }
    outbox.remove(op);
    if (op.kind === 'delete' && reply.error === 'not_found') {
      store.removeTask(op.list, outbox.resolve(op.task)); // already gone: that is what we wanted
      return;
    }
    if (op.kind === 'create') outbox.dropTemp(op.tempId);
    if (op.kind === 'update' && reply.error === 'not_found') {
      store.removeTask(op.list, outbox.resolve(op.task));
      this.onError(`${quoted(op.label)} no longer exists: your change could not be saved.`);
      return;
    }
    this.onError(describeFailure(op, reply));
  }

  /** task.update answered `conflict` with the task as it is now. */
  conflict(op, current) {
    const { store, outbox } = this;
    store.applyTask(current);
    const fields = Object.keys(op.fields);
    if (fields.every((f) => same(current[f], op.fields[f]))) {
      outbox.remove(op); // it already says what we wanted (e.g. our earlier send got through)
      return;
    }
    if (op.base && fields.every((f) => same(current[f], op.base[f]))) {
      // Someone changed other fields (or we did, with an earlier op): ours are untouched, so retry.
      op.ifRev = current.rev;
      outbox.save();
      return;
    }
    outbox.remove(op);
    this.onConflict({ op, current });
  }
}

function describeFailure(op, reply) {
  const why = reply.message || reply.error || 'the server refused it';
  switch (op.kind) {
    case 'create':
      return `Could not add ${quoted(op.fields.name)}: ${why}.`;
    case 'update':
      return `Could not save ${quoted(op.label)}: ${why}.`;
    case 'delete':
      return `Could not delete ${quoted(op.label)}: ${why}.`;
    case 'completeAll':
      return `Could not change all tasks: ${why}.`;
    case 'clearCompleted':
      return `Could not clear completed tasks: ${why}.`;
    default:
      return `A change was refused: ${why}.`;
  }
}
