// The client's state: who is signed in, their lists (with everyone's role), the tasks of the lists they
// opened (the server's copy), the last rev applied per list, who is online and who is editing which task,
// and the connection state. It applies replies and events and tells subscribers to re-render (batched to
// one notification per microtask). What people see is the server's copy with the queued ops of the outbox
// applied on top (tasksOf), in the list's order: by (position, id).

import { withQueuedOps, inQueuedOrder, isTempId } from './op-kinds.js';

export const FLASH_MS = 1600;

function newListState() {
  return {
    serverTasks: new Map(), // id -> task, as the server last told us
    rev: 0, // last rev applied (from the subscribe reply and task events only)
    loaded: false, // has had at least one snapshot
    subscribed: false, // this connection receives its events
    syncing: false, // a subscribe is in flight: events are ignored until its reply
    online: [],
    editing: new Map(), // task id -> usernames editing it now (ephemeral marks, from the server)
    tombstones: new Set(), // ids known deleted (ids are never reused), so late events cannot revive them
  };
}

export class Store {
  constructor(outbox) {
    this.outbox = outbox;
    this.listeners = new Set();
    this.notifyQueued = false;
    this.connection = 'connecting';
    this.reset();
  }

  reset() {
    this.me = null; // {username, email, joined}
    this.authed = false; // this connection is signed in
    this.lists = new Map();
    this.listsLoaded = false;
    this.currentListId = null;
    this.listStates = new Map(); // list id -> newListState()
    this.flashUntil = new Map(); // task id -> time the highlight ends
    this.viewKeys = new Map(); // real task id -> temp id it had, so its DOM node survives confirmation
    this.activity = null; // the activity panel, when open: {listId, entries (newest first), loaded, more, notice}
    this.filter = this.filter ?? 'all';
    this.changed();
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed() {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const fn of this.listeners) fn(this);
    });
  }

  // ---- session and connection

  setConnection(state) {
    this.connection = state;
    if (state !== 'connected') {
      this.authed = false;
      for (const state of this.listStates.values()) {
        state.subscribed = false;
        state.syncing = false;
        state.editing = new Map(); // the next subscribe reply brings the marks in force
      }
    }
    this.changed();
  }

  setMe(user) {
    this.me = user;
    this.changed();
  }

  setAuthed(authed) {
    this.authed = authed;
    this.changed();
  }

  get username() {
    return this.me ? this.me.username : null;
  }

  setFilter(filter) {
    this.filter = filter;
    this.changed();
  }

  // ---- lists

  setLists(lists) {
    this.lists = new Map(lists.map((l) => [l.id, l]));
    this.listsLoaded = true;
    for (const id of [...this.listStates.keys()]) if (!this.lists.has(id)) this.listStates.delete(id);
    this.changed();
  }

  upsertList(list) {
    this.lists.set(list.id, list);
    this.changed();
  }

  removeList(id) {
    this.lists.delete(id);
    this.listStates.delete(id);
    this.changed();
  }

  sortedLists() {
    return [...this.lists.values()].sort((a, b) => a.id - b.id);
  }

  get currentList() {
    return this.currentListId === null ? null : this.lists.get(this.currentListId) ?? null;
  }

  setCurrentList(id) {
    this.currentListId = id;
    this.changed();
  }

  listState(id) {
    let state = this.listStates.get(id);
    if (!state) {
      state = newListState();
      this.listStates.set(id, state);
    }
    return state;
  }

  // ---- snapshots, events, replies

  startSync(listId) {
    this.listState(listId).syncing = true;
  }

  /** A subscribe reply: the whole list (full) or what changed since our rev. */
  applySnapshot(reply) {
    const state = this.listState(reply.list.id);
    this.lists.set(reply.list.id, reply.list);
    if (reply.full) state.serverTasks = new Map();
    for (const t of reply.tasks) {
      state.tombstones.delete(t.id); // a snapshot is the truth as of its rev: a deleted task may be back (undo)
      state.serverTasks.set(t.id, t);
    }
    for (const id of reply.deleted ?? []) {
      state.serverTasks.delete(id);
      state.tombstones.add(id);
    }
    state.rev = reply.rev;
    state.loaded = true;
    state.subscribed = true;
    state.syncing = false;
    state.online = reply.online ?? [];
    state.editing = new Map((reply.editing ?? []).map((e) => [e.task.id, e.users]));
    this.changed();
  }

  /**
   * A task.created/updated/deleted event. Returns 'applied', 'ignored' (not subscribed, resyncing, or
   * already applied) or 'gap' (a rev is missing: the caller resubscribes with since).
   */
  applyTaskEvent(ev) {
    const listId = ev.task && ev.task.list;
    const state = this.listStates.get(listId);
    if (!state || !state.subscribed || state.syncing) return 'ignored';
    if (ev.rev <= state.rev) return 'ignored';
    if (ev.rev !== state.rev + 1) return 'gap';
    state.rev = ev.rev;
    if (ev.type === 'task.deleted') {
      state.serverTasks.delete(ev.task.id);
      state.tombstones.add(ev.task.id);
      state.editing.delete(ev.task.id);
    } else {
      if (ev.type === 'task.created') state.tombstones.delete(ev.task.id); // an undone delete brings it back
      this.putTask(state, ev.task);
    }
    if (ev.by !== this.username && ev.type !== 'task.deleted') this.flashTask(ev.task.id);
    this.changed();
    return 'applied';
  }

  /** A task from a reply (never moves the list's rev; see protocol "Ordering guarantees" 6). */
  applyTask(task) {
    const state = this.listStates.get(task.list);
    if (!state) return;
    this.putTask(state, task);
    this.changed();
  }

  /** A task from an `undo` reply: it may be one that was deleted and is back, with its id. */
  restoreTask(task) {
    const state = this.listStates.get(task.list);
    if (!state) return;
    state.tombstones.delete(task.id);
    this.putTask(state, task);
    this.changed();
  }

  putTask(state, task) {
    if (state.tombstones.has(task.id)) return;
    const current = state.serverTasks.get(task.id);
    if (current && current.rev > task.rev) return;
    state.serverTasks.set(task.id, task);
  }

  removeTask(listId, id) {
    const state = this.listStates.get(listId);
    if (!state) return;
    state.serverTasks.delete(id);
    state.tombstones.add(id);
    this.changed();
  }

  setPresence(listId, online) {
    const state = this.listStates.get(listId);
    if (!state) return;
    state.online = online;
    this.changed();
  }

  /** An `editing` event: the complete set of users editing that task now. */
  setEditing(listId, taskId, users) {
    const state = this.listStates.get(listId);
    if (!state) return;
    if (users.length) state.editing.set(taskId, users);
    else state.editing.delete(taskId);
    this.changed();
  }

  unsubscribed(listId) {
    const state = this.listStates.get(listId);
    if (state) {
      state.subscribed = false;
      state.editing = new Map(); // no more events about it: the marks would go stale
    }
  }

  /** Task `realId` was queued as `tempId`: it keeps that view key, so its row survives the confirmation. */
  keepViewKey(realId, tempId) {
    this.viewKeys.set(realId, tempId);
  }

  flashTask(id) {
    this.flashUntil.set(id, Date.now() + FLASH_MS);
    setTimeout(() => {
      const until = this.flashUntil.get(id);
      if (until !== undefined && until <= Date.now()) {
        this.flashUntil.delete(id);
        this.changed();
      }
    }, FLASH_MS + 20);
  }

  // ---- the activity panel: the open list's history

  openActivity(listId) {
    this.activity = { listId, entries: [], loaded: false, more: false, notice: '' };
    this.changed();
  }

  closeActivity() {
    this.activity = null;
    this.changed();
  }

  /**
   * A `history` page for the panel: `older` (asked with `before`) goes below what is shown; otherwise it is
   * the newest page, and entries newer than the ones shown go on top (all of them replace what is shown
   * when they do not reach down to it).
   */
  addActivity(listId, entries, { older, full }) {
    const a = this.activity;
    if (!a || a.listId !== listId) return;
    if (older) {
      a.entries = a.entries.concat(entries.filter((e) => e.rev < (a.entries.at(-1)?.rev ?? Infinity)));
      a.more = full;
    } else {
      const top = a.entries[0]?.rev ?? 0;
      const fresh = entries.filter((e) => e.rev > top);
      const joins = fresh.length < entries.length; // the page reaches down to what is shown
      a.entries = joins ? fresh.concat(a.entries) : entries;
      if (!joins || !a.loaded) a.more = full;
    }
    a.loaded = true;
    this.changed();
  }

  setActivityNotice(listId, text) {
    if (!this.activity || this.activity.listId !== listId) return;
    this.activity.notice = text;
    this.changed();
  }

  // ---- what views read

  /** The server's task, or null (temporary ids and unknown ids). */
  serverTask(listId, id) {
    const state = this.listStates.get(listId);
    return state ? state.serverTasks.get(id) ?? null : null;
  }

  /**
   * The tasks of a list as shown: server copy + queued ops, in the list's order (position, then id), with
   * tasks still waiting for the server at the bottom in queue order and queued moves applied on top.
   * `editors` names the others editing each task now.
   */
  tasksOf(listId) {
    const state = this.listStates.get(listId);
    const base = state ? state.serverTasks : new Map();
    const merged = withQueuedOps(base, this.outbox.ops, listId, this.username);
    const me = this.username;
    const tasks = [...merged.values()].map((t) => ({
      ...t,
      viewKey: this.viewKeys.get(t.id) ?? String(t.id),
      flash: this.flashUntil.has(t.id),
      editors: (state?.editing.get(t.id) ?? []).filter((u) => u !== me),
    }));
    return inQueuedOrder(tasks.sort(byPosition), this.outbox.ops, listId);
  }

  /** A task as shown (with queued changes), or null. */
  task(listId, id) {
    return this.tasksOf(listId).find((t) => t.id === id || t.viewKey === String(id)) ?? null;
  }

  /** My role in a list: 'owner', 'editor' or 'viewer' (a server without roles makes every member an editor). */
  roleOf(listId) {
    const list = this.lists.get(listId);
    if (!list || !this.username) return null;
    const role = list.roles ? list.roles[this.username] : undefined;
    if (role) return role;
    return list.owner === this.username ? 'owner' : 'editor';
  }

  /** Whether I may change the list's tasks (everyone but a viewer). */
  canEdit(listId) {
    const role = this.roleOf(listId);
    return role !== null && role !== 'viewer';
  }

  onlineOf(listId) {
    const state = this.listStates.get(listId);
    return state ? state.online : [];
  }

  isLoaded(listId) {
    const state = this.listStates.get(listId);
    return Boolean(state && state.loaded);
  }
}

/**
 * The list's order: by position, then id. Positions are the server's fractional keys, compared in byte
 * order; `<` on JS strings compares UTF-16 code units, which is the same order for the ASCII keys the
 * server makes. Tasks without a position (creates not confirmed yet) go to the bottom, keeping their order.
 */
function byPosition(a, b) {
  const ta = isTempId(a.id);
  const tb = isTempId(b.id);
  if (ta || tb) return ta === tb ? 0 : ta ? 1 : -1;
  const pa = a.position ?? '';
  const pb = b.position ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.id - b.id;
}
