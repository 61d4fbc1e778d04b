// Who is signed in on this page: sign in, create an account, resume with the stored token each time the
// connection opens (then reload the lists and resubscribe the open one with `since`, which replays the
// outbox), being signed out from elsewhere, and signing out. The stored token outlives the store, which
// is emptied whenever the person changes.

import { loadSavedSession, saveSession, clearSavedSession, loadLastList } from './storage.js';

const SIGNED_OUT_ELSEWHERE = 4401; // close code: signed out elsewhere, password changed, account deleted

/** deps: {conn, store, outbox, sync, listActions, page, status, todos, details, account} */
export function createSessionActions({ conn, store, outbox, sync, listActions, page, status, todos, details, account }) {
  let saved = loadSavedSession(); // {token, username} of the person signed in on this page, or null

  /** At page load: with a stored session the app shows (and queues changes) before the connection opens. */
  function start() {
    if (saved) {
      outbox.load(saved.username);
      store.setCurrentList(loadLastList(saved.username)); // usable (and queueing) even before we connect
      page.showApp();
      todos.focusNewTodo();
    } else {
      page.showAuth();
    }
  }

  /** Every time the connection opens: sign in again with the stored token. */
  async function connectionOpened() {
    if (!saved) return;
    const reply = await conn.request('auth', { token: saved.token });
    if (reply.ok) await signedIn(reply.user, saved.token, { focus: false });
    else if (reply.error === 'unauthenticated') endSession('Your session has ended. Please sign in again.');
  }

  function connectionClosed({ code }) {
    if (code === SIGNED_OUT_ELSEWHERE && saved) {
      endSession('You were signed out: you signed out elsewhere, your password was changed, or your account was deleted. Please sign in again.');
    }
  }

  /** Signed in on this connection (login, register or auth with the stored token). */
  async function signedIn(user, token, { focus }) {
    const sameUser = saved && saved.username.toLowerCase() === user.username.toLowerCase();
    if (!sameUser || outbox.username === null) {
      store.reset();
      outbox.load(user.username);
    } else {
      outbox.adoptOrphans(); // queues of tabs closed while offline
    }
    saved = { token, username: user.username };
    saveSession(token, user.username);
    store.setMe(user);
    store.setAuthed(true);
    page.showApp();
    if (focus) todos.focusNewTodo();

    const reply = await conn.request('lists');
    if (!reply.ok) return; // lost the connection again: the next open starts over
    if (!saved || saved.token !== token) return; // signed out (or in as someone else) meanwhile
    store.setLists(reply.lists);
    const orphaned = outbox.ops.filter((op) => !store.lists.has(op.list)); // list deleted (or left) while away
    if (orphaned.length) {
      for (const op of orphaned) outbox.dropList(op.list);
      status.message(`${orphaned.length} unsent ${orphaned.length === 1 ? 'change was' : 'changes were'} discarded: the list is gone.`);
    }
    const lastList = loadLastList(user.username);
    const target = [store.currentListId, lastList].find((id) => id !== null && store.lists.has(id))
      ?? store.sortedLists()[0]?.id ?? null;
    const opening = listActions.openList(target, { focus });
    sync.pump();
    await opening;
  }

  /** Forgets the person on this page (the stored outbox stays for their next sign-in) and shows sign-in. */
  function endSession(notice) {
    clearSavedSession();
    saved = null;
    outbox.unload();
    details.close(false);
    account.close();
    store.reset();
    status.clearMessages();
    page.showAuth(notice);
  }

  async function signIn({ username, password }) {
    const reply = await conn.requestWhenOpen('login', { username: username.trim(), password });
    if (reply.ok) await signedIn(reply.user, reply.token, { focus: true });
    return reply;
  }

  async function register({ username, password, email }) {
    const params = { username: username.trim(), password };
    if (email && email.trim()) params.email = email.trim();
    const reply = await conn.requestWhenOpen('register', params);
    if (reply.ok) await signedIn(reply.user, reply.token, { focus: true });
    return reply;
  }

  async function signOut() {
    if (store.authed) await conn.request('logout');
    endSession('You have signed out.');
  }

  return {
    start, signIn, register, signOut, endSession,
    /** {token, username} of the person signed in on this page, or null. */
    get saved() {
      return saved;
    },
    /** Connection events this module answers. */
    events: { open: connectionOpened, close: connectionClosed },
  };
}
