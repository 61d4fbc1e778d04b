// Wires the page together and starts it; no logic of its own. The connection feeds server events to the
// actions that answer them; views report what the person did to the actions; actions change the store and
// talk to the server; every store change re-renders the page (TodoMVC's vanilla example, one file wiring).
//   session-actions.js  sign in, resume with the token on every reconnect, signed out elsewhere, sign out
//   list-actions.js     lists, and the server's task, presence and list events
//   task-actions.js     task changes, queued in the outbox and sent by sync.js (op kinds: op-kinds.js)
//   account-actions.js  email, password, account deletion

import { $ } from './dom.js';
import { quoted } from './format.js';
import { Connection } from './connection.js';
import { Store } from './store.js';
import { Outbox } from './outbox.js';
import { Sync } from './sync.js';
import { startRouter } from './router.js';
import { createSessionActions } from './session-actions.js';
import { createListActions } from './list-actions.js';
import { createTaskActions } from './task-actions.js';
import { createAccountActions } from './account-actions.js';
import { AuthView } from './views/auth-view.js';
import { AccountBarView } from './views/account-bar-view.js';
import { SidebarView } from './views/sidebar-view.js';
import { ListPanelView } from './views/list-panel-view.js';
import { TodoView } from './views/todo-view.js';
import { DetailsView } from './views/details-view.js';
import { StatusView } from './views/status-view.js';
import { AccountView } from './views/account-view.js';
import { ConflictDialog } from './views/dialogs.js';
import { PageView } from './views/page-view.js';

// ---------------------------------------------------------------- state and the server

const outbox = new Outbox();
const store = new Store(outbox);
const conn = new Connection();
const sync = new Sync({
  conn, store, outbox,
  onError: (text) => status.message(text),
  onConflict: ({ op, current }) => taskActions.resolveConflict(op, current),
});

// ---------------------------------------------------------------- views (report to the actions below)

const status = new StatusView($('#connection'), $('#messages'));
const conflictDialog = new ConflictDialog();
const auth = new AuthView($('#auth'), {
  onSignIn: (credentials) => sessionActions.signIn(credentials),
  onRegister: (fields) => sessionActions.register(fields),
});
const accountBar = new AccountBarView($('.account-bar'), {
  onAccount: () => { if (store.me) account.open(store.me); },
  onSignOut: () => sessionActions.signOut(),
});
const sidebar = new SidebarView($('.sidebar'), {
  onOpen: (id) => listActions.openList(id, { focus: true }),
  onCreate: (title) => listActions.createList(title),
});
const listPanel = new ListPanelView($('.list-panel'), {
  onRename: (title) => listActions.renameList(title),
  onShare: (username) => listActions.shareList(username),
  onRemoveMember: (username) => listActions.removeMember(username),
  onDelete: () => listActions.deleteList(),
  onLeave: () => listActions.leaveList(),
});
const todos = new TodoView($('.todoapp'), {
  add: (name) => taskActions.addTask(name),
  toggle: (task, completed) => taskActions.toggleTask(task, completed),
  toggleAll: (completed) => taskActions.toggleAll(completed),
  rename: (task, name, base) => taskActions.renameTask(task, name, base),
  destroy: (task) => taskActions.deleteTask(task),
  clearCompleted: () => taskActions.clearCompleted(),
  openDetails: (task) => details.open(task),
  editedTaskGone: (name) => status.message(`${quoted(name)} was deleted while you were editing it.`, 'info'),
});
const details = new DetailsView($('.details'), {
  save: (task, fields, base, ifRev) => taskActions.saveDetails(task, fields, base, ifRev),
  closed: (task) => { if (task) todos.focusDetailsButton(task.viewKey); },
});
const account = new AccountView($('#account-dialog'), {
  onEmail: (fields) => accountActions.updateEmail(fields),
  onPassword: (fields) => accountActions.changePassword(fields),
  onDelete: (fields) => accountActions.deleteAccount(fields),
});
const page = new PageView({ auth, accountBar, status, sidebar, listPanel, todos, details });

// ---------------------------------------------------------------- actions

const listActions = createListActions({ conn, store, outbox, status, details, todos });
const taskActions = createTaskActions({ store, sync, details, status, conflictDialog });
const sessionActions = createSessionActions({
  conn, store, outbox, sync, listActions, page, status, todos, details, account,
});
const accountActions = createAccountActions({ conn, store, outbox, sessionActions });

// ---------------------------------------------------------------- events

conn.on('state', (state) => store.setConnection(state));
for (const events of [sessionActions.events, listActions.events]) {
  for (const [type, handle] of Object.entries(events)) conn.on(type, handle);
}

// ---------------------------------------------------------------- start

const render = () => page.render(store, outbox.size, sessionActions.saved);
store.subscribe(render);
startRouter((filter) => store.setFilter(filter));
sessionActions.start();
render();
conn.start();
