// What a person does with lists: open (subscribe, resubscribe with since), create, rename, share with a
// role, change a member's role, remove a member, delete, leave; and what the server says about lists: their
// task events (a gap in revs resubscribes), presence, who is editing what, lists added, changed or gone.
// These need the server: they are requests, not queued ops.

import { quoted } from './format.js';
import { saveLastList } from './storage.js';
import { confirmAction } from './views/dialogs.js';

/** deps: {conn, store, outbox, status, details, todos, editing, activity} */
export function createListActions({ conn, store, outbox, status, details, todos, editing, activity }) {
  const removalsIAsked = new Set(); // list ids I deleted or left: their list.removed needs no notice

  async function openList(id, { focus = false } = {}) {
    const previous = store.currentListId;
    if (previous !== id) {
      details.close(false);
      if (previous !== null && store.authed) {
        store.unsubscribed(previous);
        conn.request('unsubscribe', { list: previous });
      }
      store.setCurrentList(id);
      activity.listOpened(id);
      if (id !== null && store.username) saveLastList(store.username, id);
    }
    if (focus) todos.focusNewTodo();
    if (id !== null) await subscribeList(id);
  }

  /** Subscribes (again) to a list: a full snapshot the first time, then only what changed since our rev. */
  async function subscribeList(id) {
    if (!store.authed) return;
    const state = store.listState(id);
    if (state.syncing) return;
    store.startSync(id);
    const reply = await conn.request('subscribe', state.loaded ? { list: id, since: state.rev } : { list: id });
    if (reply.ok) {
      if (store.lists.has(id)) store.applySnapshot(reply);
      editing.resend(id);
      activity.changed(id);
    } else {
      state.syncing = false;
      if (reply.error === 'not_found') listRemoved(id);
    }
  }

  function listRemoved(id) {
    const list = store.lists.get(id);
    const wasCurrent = store.currentListId === id;
    const askedByMe = removalsIAsked.delete(id);
    store.removeList(id);
    outbox.dropList(id);
    if (list && !askedByMe) {
      status.message(`${quoted(list.title)} is no longer available: it was deleted, or you were removed from it.`, 'info');
    }
    if (wasCurrent) {
      details.close(false);
      store.setCurrentList(null);
      const next = store.sortedLists()[0];
      openList(next ? next.id : null, { focus: askedByMe });
    }
  }

  async function createList(title) {
    const reply = await conn.request('list.create', { title });
    if (reply.ok) {
      store.upsertList(reply.list);
      await openList(reply.list.id, { focus: true });
    }
    return reply;
  }

  async function renameList(title) {
    const list = store.currentList;
    if (!list) return { ok: false, error: 'not_found', message: 'no list is open' };
    const reply = await conn.request('list.rename', { list: list.id, title });
    if (reply.ok) store.upsertList(reply.list);
    return reply;
  }

  /** role: 'editor' or 'viewer'. */
  async function shareList(username, role) {
    const list = store.currentList;
    if (!list) return { ok: false, error: 'not_found', message: 'no list is open' };
    const reply = await conn.request('list.share', { list: list.id, username, role });
    if (reply.ok) {
      store.upsertList(reply.list);
      const as = role === 'viewer' ? ' (view only)' : '';
      status.message(`${quoted(list.title)} is now shared with ${username}${as}.`, 'info');
    }
    return reply;
  }

  /** The owner gives a member another role; resolves with the reply (the view puts the old role back if refused). */
  async function changeRole(username, role) {
    const list = store.currentList;
    if (!list) return { ok: false, error: 'not_found', message: 'no list is open' };
    const reply = await conn.request('list.role', { list: list.id, username, role });
    if (reply.ok) store.upsertList(reply.list);
    else status.message(`Could not make ${username} ${role === 'viewer' ? 'a viewer' : 'an editor'}: ${reply.message}.`);
    return reply;
  }

  async function removeMember(username) {
    const list = store.currentList;
    if (!list) return;
    const ok = await confirmAction({
      title: 'Remove member',
      message: `Remove ${username} from ${quoted(list.title)}? They will no longer see this list.`,
      confirmLabel: `Remove ${username}`,
    });
    if (!ok) return;
    const reply = await conn.request('list.unshare', { list: list.id, username });
    if (reply.ok) store.upsertList(reply.list);
    else status.message(`Could not remove ${username}: ${reply.message}.`);
  }

  async function deleteList() {
    const list = store.currentList;
    if (!list) return;
    const ok = await confirmAction({
      title: 'Delete list',
      message: `Delete ${quoted(list.title)} and all its tasks for everyone it is shared with? This cannot be undone.`,
      confirmLabel: 'Delete list',
    });
    if (!ok) return;
    removalsIAsked.add(list.id);
    const reply = await conn.request('list.delete', { list: list.id });
    if (reply.ok) {
      if (store.lists.has(list.id)) listRemoved(list.id);
    } else {
      removalsIAsked.delete(list.id);
      status.message(`Could not delete ${quoted(list.title)}: ${reply.message}.`);
    }
  }

  async function leaveList() {
    const list = store.currentList;
    if (!list || !store.me) return;
    const ok = await confirmAction({
      title: 'Leave list',
      message: `Leave ${quoted(list.title)}? You will no longer see it unless ${list.owner} shares it with you again.`,
      confirmLabel: 'Leave list',
    });
    if (!ok) return;
    removalsIAsked.add(list.id);
    const reply = await conn.request('list.unshare', { list: list.id, username: store.me.username });
    if (reply.ok) {
      if (store.lists.has(list.id)) listRemoved(list.id);
    } else {
      removalsIAsked.delete(list.id);
      status.message(`Could not leave ${quoted(list.title)}: ${reply.message}.`);
    }
  }

  // ---- what the server says

  function taskEvent(ev) {
    if (store.applyTaskEvent(ev) === 'gap') subscribeList(ev.task.list);
    activity.changed(ev.task.list);
  }

  function listAdded(ev) {
    const known = store.lists.has(ev.list.id);
    store.upsertList(ev.list);
    if (!known && ev.list.owner !== store.username) {
      status.message(`${ev.list.owner} shared ${quoted(ev.list.title)} with you.`, 'info');
    }
  }

  function listUpdated(ev) {
    const before = store.roleOf(ev.list.id);
    store.upsertList(ev.list);
    const after = store.roleOf(ev.list.id);
    if (before === null || before === after || after === 'owner') return;
    status.message(after === 'viewer'
      ? `${ev.list.owner} made you a viewer of ${quoted(ev.list.title)}: you can see it, not change it.`
      : `${ev.list.owner} made you an editor of ${quoted(ev.list.title)}: you can change it now.`, 'info');
  }

  return {
    openList, subscribeList, listRemoved, createList, renameList, shareList, changeRole, removeMember, deleteList,
    leaveList,
    /** Server events this module answers. */
    events: {
      'task.created': taskEvent,
      'task.updated': taskEvent,
      'task.deleted': taskEvent,
      presence: (ev) => store.setPresence(ev.list.id, ev.online),
      editing: (ev) => store.setEditing(ev.list.id, ev.task.id, ev.users),
      'list.added': listAdded,
      'list.updated': listUpdated,
      'list.removed': (ev) => {
        if (store.lists.has(ev.list.id)) listRemoved(ev.list.id);
      },
    },
  };
}
