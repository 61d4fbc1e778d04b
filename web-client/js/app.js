// Wires the connection, the store, the outbox, the views and the actions together; owns the session
// flow (sign in, resume with the token after every reconnect, sign out) and routes server events.

import { $, setText, show } from './dom.js';
import { quoted } from './format.js';
import { Connection } from './connection.js';
import { Store } from './store.js';
import { Outbox } from './outbox.js';
import { Sync } from './sync.js';
import { startRouter } from './router.js';
import { loadSession, saveSession, clearSession, loadLastList } from './session.js';
import { listActions } from './list-actions.js';
import { taskActions } from './task-actions.js';
import { AuthView } from './views/auth-view.js';
import { SidebarView } from './views/sidebar-view.js';
import { ListPanelView } from './views/list-panel-view.js';
import { TodoView } from './views/todo-view.js';
import { DetailsView } from './views/details-view.js';
import { StatusView } from './views/status-view.js';
import { AccountView } from './views/account-view.js';
import { ConflictDialog } from './views/dialogs.js';

const SIGNED_OUT_ELSEWHERE = 4401;

const outbox = new Outbox();
const store = new Store(outbox);
const conn = new Connection();
const status = new StatusView($('#connection'), $('#messages'));
const conflicts = new ConflictDialog();
const sync = new Sync({
  conn, store, outbox,
  onError: (text) => status.message(text),
  onConflict: ({ op, current }) => tasks.resolveConflict(op, current),
});

let session = loadSession(); // {token, username} or null

// ---------------------------------------------------------------- views

const auth = new AuthView($('#auth'), { onSignIn: signIn, onRegister: register });
const sidebar = new SidebarView($('.sidebar'), {
  onOpen: (id) => lists.openList(id, { focus: true }),
  onCreate: (title) => lists.createList(title),
});
const listPanel = new ListPanelView($('.list-panel'), {
  onRename: (title) => lists.renameList(title),
  onShare: (username) => lists.shareList(username),
  onRemoveMember: (username) => lists.removeMember(username),
  onDelete: () => lists.deleteList(),
  onLeave: () => lists.leaveList(),
});
const todos = new TodoView($('.todoapp'), {
  add: (name) => tasks.addTask(name),
  toggle: (task, completed) => tasks.toggleTask(task, completed),
  toggleAll: (completed) => tasks.toggleAll(completed),
  rename: (task, name, base) => tasks.renameTask(task, name, base),
  destroy: (task) => tasks.deleteTask(task),
  clearCompleted: () => tasks.clearCompleted(),
  openDetails: (task) => details.open(task),
  editedTaskGone: (name) => status.message(`${quoted(name)} was deleted while you were editing it.`, 'info'),
});
const details = new DetailsView($('.details'), {
  save: (task, fields, base, ifRev) => tasks.saveDetails(task, fields, base, ifRev),
  closed: (task) => { if (task) todos.focusDetailsButton(task.viewKey); },
});
const account = new AccountView($('#account-dialog'), {
  onEmail: updateEmail, onPassword: changePassword, onDelete: deleteAccount,
});

const lists = listActions({ conn, store, outbox, status, details, todos });
const tasks = taskActions({ store, sync, details, status, conflicts });

$('.account-button').addEventListener('click', () => { if (store.me) account.open(store.me); });
$('.signout-button').addEventListener('click', signOut);

function render() {
  status.renderConnection(store.connection, outbox.size);
  const signedIn = session !== null;
  show($('.account-bar'), signedIn);
  $('.account-button').disabled = !store.me;
  setText($('.me-name'), store.username ?? session?.username ?? '');

  // Signed out, the store is empty: rendering it clears the previous user's lists and tasks from the page.
  sidebar.render(store);
  listPanel.render(store);
  const list = store.currentList;
  const listId = store.currentListId; // known before the list itself when starting offline
  document.title = list ? `${list.title} · Todos` : 'Todos';
  show($('.no-list'), store.listsLoaded && store.lists.size === 0);
  const shown = listId === null ? [] : store.tasksOf(listId);
  todos.render({
    listId, tasks: shown, filter: store.filter,
    connected: store.connection === 'connected',
    showAuthors: Boolean(list && list.members.length > 1),
  });
  if (details.isOpen) {
    const gone = details.render(shown.find((t) => t.viewKey === details.key) ?? null);
    if (gone !== null) status.message(`${quoted(gone)} was deleted.`, 'info');
  }
}

function showApp() {
  auth.show(false);
  auth.setNotice('');
  show($('#app'), true);
}

function showAuth(notice) {
  show($('#app'), false);
  auth.show(true);
  auth.setNotice(notice ?? '');
  auth.focus();
}

// ---------------------------------------------------------------- session

async function onOpen() {
  if (!session) return;
  const reply = await conn.request('auth', { token: session.token });
  if (reply.ok) await signedIn(reply.user, session.token, { focus: false });
  else if (reply.error === 'unauthenticated') endSession('Your session has ended. Please sign in again.');
}

function onClose({ code }) {
  if (code === SIGNED_OUT_ELSEWHERE && session) {
    endSession('You were signed out: you signed out elsewhere, your password was changed, or your account was deleted. Please sign in again.');
  }
}

/** Signed in on this connection (login, register or auth with the stored token). */
async function signedIn(user, token, { focus }) {
  const sameUser = session && session.username.toLowerCase() === user.username.toLowerCase();
  if (!sameUser || outbox.username === null) {
    store.reset();
    outbox.load(user.username);
  } else {
    outbox.adoptOrphans(); // queues of tabs closed while offline
  }
  session = { token, username: user.username };
  saveSession(token, user.username);
  store.setMe(user);
  store.setAuthed(true);
  showApp();
  if (focus) todos.focusNewTodo();

  const reply = await conn.request('lists');
  if (!reply.ok) return; // lost the connection again: the next open starts over
  if (!session || session.token !== token) return; // signed out (or in as someone else) meanwhile
  store.setLists(reply.lists);
  const orphaned = outbox.ops.filter((op) => !store.lists.has(op.list)); // list deleted (or left) while away
  if (orphaned.length) {
    for (const op of orphaned) outbox.dropList(op.list);
    status.message(`${orphaned.length} unsent ${orphaned.length === 1 ? 'change was' : 'changes were'} discarded: the list is gone.`);
  }
  const lastList = loadLastList(user.username);
  const target = [store.currentListId, lastList].find((id) => id !== null && store.lists.has(id))
    ?? store.sortedLists()[0]?.id ?? null;
  const opening = lists.openList(target, { focus });
  sync.pump();
  await opening;
}

function endSession(notice) {
  clearSession();
  session = null;
  outbox.unload();
  details.close(false);
  account.close();
  store.reset();
  status.clearMessages();
  showAuth(notice);
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

async function updateEmail({ email, currentPassword }) {
  const reply = await conn.request('profile.update', { email, currentPassword });
  if (reply.ok) store.setMe(reply.user);
  return reply;
}

async function changePassword({ currentPassword, password }) {
  const reply = await conn.request('profile.update', { password, currentPassword });
  if (reply.ok) store.setMe(reply.user);
  return reply;
}

async function deleteAccount({ password }) {
  const reply = await conn.request('profile.delete', { password });
  if (reply.ok) {
    outbox.unload({ erase: true });
    endSession('Your account was deleted.');
  }
  return reply;
}

// ---------------------------------------------------------------- events

function onTaskEvent(ev) {
  if (store.applyTaskEvent(ev) === 'gap') lists.subscribeList(ev.task.list);
}

conn.on('state', (state) => store.setConnection(state));
conn.on('open', onOpen);
conn.on('close', onClose);
conn.on('task.created', onTaskEvent);
conn.on('task.updated', onTaskEvent);
conn.on('task.deleted', onTaskEvent);
conn.on('presence', (ev) => store.setPresence(ev.list.id, ev.online));
conn.on('list.added', (ev) => {
  const known = store.lists.has(ev.list.id);
  store.upsertList(ev.list);
  if (!known && ev.list.owner !== store.username) {
    status.message(`${ev.list.owner} shared ${quoted(ev.list.title)} with you.`, 'info');
  }
});
conn.on('list.updated', (ev) => store.upsertList(ev.list));
conn.on('list.removed', (ev) => {
  if (store.lists.has(ev.list.id)) lists.listRemoved(ev.list.id);
});

// ---------------------------------------------------------------- start

store.subscribe(render);
startRouter((filter) => store.setFilter(filter));
if (session) {
  outbox.load(session.username);
  store.setCurrentList(loadLastList(session.username)); // usable (and queueing) even before we connect
  showApp();
  todos.focusNewTodo();
} else {
  showAuth();
}
render();
conn.start();
