// The queue of task changes not yet confirmed by the server, kept in localStorage so that neither a
// lost connection nor a reload loses them. Ops are plain JSON:
//   {kind: 'create', list, tempId, key, fields: {name, note?, due?, completed?}}
//   {kind: 'update', list, task, fields: {...}, ifRev?, base?: {field: value before the edit}}
//   {kind: 'delete', list, task}
//   {kind: 'move', list, task, after?: task id or null, before?: task id or null} (exactly one of the two)
//   {kind: 'completeAll', list, completed}
//   {kind: 'clearCompleted', list}
// plus `id` (unique), `at` (ISO time queued) and `label` (the task's name, for messages).
// A task created offline has the temporary id `tempId` ("new:<key>") until the server answers.
//
// Each browser tab keeps its own queue (key todo.outbox.<user>.<tab>, the tab id living in
// sessionStorage, so a reload finds its queue again) and refreshes a timestamp while it has ops; a
// queue left behind by a tab that was closed while offline is adopted by the next tab of that user.

import { readStorage, writeStorage } from './storage.js';
import { randomKey } from './format.js';
import { isTempId, kindOf } from './op-kinds.js';

const VERSION = 1;
const TASK_REFS = ['task', 'after', 'before']; // op fields that name a task (maybe by its temporary id)
const HEARTBEAT_MS = 20_000;
const ORPHANED_AFTER_MS = 120_000;

function thisTabId() {
  try {
    let id = sessionStorage.getItem('todo.tab');
    if (!id) {
      id = randomKey().slice(0, 12);
      sessionStorage.setItem('todo.tab', id);
    }
    return id;
  } catch {
    return 'tab';
  }
}

function storageKeys() {
  try {
    return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i));
  } catch {
    return [];
  }
}

export class Outbox {
  constructor() {
    this.username = null;
    this.tabId = null;
    this.heartbeatTimer = null;
    this.ops = [];
    this.confirmedIds = new Map(); // tempId -> real id, for creates confirmed during this page's life
  }

  userKeyPrefix() {
    return `todo.outbox.${this.username.toLowerCase()}.`;
  }

  storageKey() {
    return this.userKeyPrefix() + this.tabId;
  }

  /** Loads this tab's queue for the user (what the page left unsent before a reload). */
  load(username) {
    this.username = username;
    this.tabId = thisTabId();
    this.confirmedIds.clear();
    const saved = readStorage(this.storageKey());
    this.ops = saved && saved.v === VERSION && Array.isArray(saved.ops) ? saved.ops.filter(validOp) : [];
    this.adoptOrphans();
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      if (this.ops.length) this.save();
    }, HEARTBEAT_MS);
  }

  /** Takes over the queues of this user's tabs that have not shown a sign of life for a while. */
  adoptOrphans() {
    if (!this.username) return;
    const own = this.storageKey();
    const now = Date.now();
    const known = new Set(this.ops.map((o) => o.id));
    let adopted = false;
    for (const key of storageKeys()) {
      if (!key || key === own || !key.startsWith(this.userKeyPrefix())) continue;
      const saved = readStorage(key);
      if (saved && typeof saved.seen === 'number' && now - saved.seen < ORPHANED_AFTER_MS) continue;
      for (const op of saved && Array.isArray(saved.ops) ? saved.ops.filter(validOp) : []) {
        if (!known.has(op.id)) {
          this.ops.push(op);
          known.add(op.id);
        }
      }
      writeStorage(key, null);
      adopted = true;
    }
    if (adopted) {
      this.ops.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      this.save();
    }
  }

  /** Forgets the in-memory queue (sign-out); the stored copy stays for the next sign-in unless `erase`. */
  unload({ erase = false } = {}) {
    if (erase && this.username) {
      for (const key of storageKeys()) if (key && key.startsWith(this.userKeyPrefix())) writeStorage(key, null);
    }
    clearInterval(this.heartbeatTimer);
    this.username = null;
    this.ops = [];
    this.confirmedIds.clear();
  }

  save() {
    if (!this.username) return;
    writeStorage(this.storageKey(), this.ops.length ? { v: VERSION, seen: Date.now(), ops: this.ops } : null);
  }

  get size() {
    return this.ops.length;
  }

  first() {
    return this.ops[0];
  }

  /** Adds an op at the end; returns it. Its kind adds what it needs (creates: their key and temporary id). */
  push(op) {
    if (!this.username) throw new Error('not signed in');
    const queued = { ...op, id: randomKey(), at: new Date().toISOString() };
    kindOf(queued)?.onQueue?.(queued);
    this.ops.push(queued);
    this.save();
    return queued;
  }

  remove(op) {
    const before = this.ops.length;
    this.ops = this.ops.filter((o) => o !== op && o.id !== op.id);
    if (this.ops.length !== before) this.save();
  }

  /** The create of `tempId` failed or its task is gone: drop it and every op that refers to it. */
  dropCreate(tempId) {
    this.ops = this.ops.filter((o) => o.tempId !== tempId && !TASK_REFS.some((f) => o[f] === tempId));
    this.save();
  }

  /** The create of `tempId` was confirmed as task `realId`: later ops now refer to the real id. */
  confirmCreate(tempId, realId) {
    this.confirmedIds.set(tempId, realId);
    for (const o of this.ops) {
      for (const f of TASK_REFS) if (o[f] === tempId) o[f] = realId;
    }
    this.save();
  }

  /** Drops every op of a list (it was deleted or we lost access). */
  dropList(listId) {
    const before = this.ops.length;
    this.ops = this.ops.filter((o) => o.list !== listId);
    if (this.ops.length !== before) this.save();
  }

  /** The real id for a task reference, or null when it is a temporary id not confirmed yet. */
  realId(ref) {
    if (!isTempId(ref)) return ref;
    return this.confirmedIds.get(ref) ?? null;
  }
}

function validOp(o) {
  return o && typeof o === 'object' && typeof o.id === 'string' && Number.isInteger(o.list) && kindOf(o) !== null;
}
