// Sends the outbox to the server, one op at a time and in order, whenever the connection is signed in.
// Each op stays queued (and in localStorage) until its reply: a reply that never came is simply sent
// again after a reconnect (creates carry their `key`, so a replay never duplicates a task).
// An ok reply updates the server copy; a refusal drops the op (the optimistic change rolls back by
// itself, since the view is server copy + queue) and says why; an `ifRev` conflict on fields someone
// else changed is handed to the person to decide. Each confirmed op is reported (onConfirmed), so that what
// it changed can be undone.

import { OFFLINE } from './connection.js';
import { kindOf, failureText } from './op-kinds.js';

const RATE_LIMIT_RETRY_MS = 1000;

const same = (a, b) => (a ?? null) === (b ?? null);

export class Sync {
  /** onError(text), onConflict({op, current}), onConfirmed(op, reply): called on the page's thread, in order. */
  constructor({ conn, store, outbox, onError, onConflict, onConfirmed }) {
    this.conn = conn;
    this.store = store;
    this.outbox = outbox;
    this.onError = onError;
    this.onConflict = onConflict;
    this.onConfirmed = onConfirmed;
    this.pumping = false;
  }

  /** Queues a change (shown at once) and sends it when possible. */
  enqueue(op) {
    const queued = this.outbox.push(op);
    this.store.changed();
    this.pump();
    return queued;
  }

  async pump() {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.store.authed && this.conn.isOpen()) {
        const op = this.outbox.first();
        if (!op) break;
        const request = kindOf(op)?.request(op, this.outbox) ?? null;
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
      this.pumping = false;
    }
  }

  /** Applies the reply to a sent op: confirmed, retried after a conflict, or dropped with a message. */
  settle(op, reply) {
    const { store, outbox } = this;
    const kind = kindOf(op);
    if (reply.ok) {
      outbox.remove(op);
      kind.confirmed(op, reply, { store, outbox });
      this.onConfirmed(op, reply);
      return;
    }
    if (kind.conflicts && reply.error === 'conflict' && reply.task) {
      this.conflict(op, reply.task);
      return;
    }
    outbox.remove(op);
    const text = kind.refused ? kind.refused(op, reply, { store, outbox }) : failureText(op, reply);
    if (text !== null) this.onError(text);
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
