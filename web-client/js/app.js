// Wires the page together and starts it; no logic of its own. The connection feeds server events to the
// actions that answer them; views report what the person did to the actions; actions change the store and
// talk to the server; every store change re-renders the page (TodoMVC's vanilla example, one file wiring).
//   session-actions.js  sign in, resume with the token on every reconnect, signed out elsewhere, sign out
//   list-actions.js     lists, roles, and the server's task, presence, editing and list events
//   task-actions.js     task changes (moves too), queued in the outbox and sent by sync.js (op kinds: op-kinds.js)
//   editing-actions.js  my "is editing" marks while I edit a task
//   undo-actions.js     undo of my own changes (toast, Ctrl+Z) and of history entries
//   activity-actions.js the activity panel: the open list's history
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
import { createEditingActions } from './editing-actions.js';
import { createUndoActions } from './undo-actions.js';
import { createActivityActions } from './activity-actions.js';
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
import { ActivityView } from './views/activity-view.js';
import { ToastView } from './views/toast-view.js';
import { PageView } from './views/page-view.js';

// ---------------------------------------------------------------- state and the server

const outbox = new Outbox();
const store = new Store(outbox);
const conn = new Connection();
const sync = new Sync({
  conn, store, outbox,
  onError: (text) => status.message(text),
  onConflict: ({ op, current }) => taskActions.resolveConflict(op, current),
  onConfirmed: (op, reply) => undoActions.confirmed(op, reply),
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
  onShare: (username, role) => listActions.shareList(username, role),
  onRoleChange: (username, role) => listActions.changeRole(username, role),
  onActivity: () => activityActions.toggle(),
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
  openDetails: (task) => details.open(task, !store.canEdit(task.list)),
  editedTaskGone: (name) => status.message(`${quoted(name)} was deleted while you were editing it.`, 'info'),
  move: (task, where) => taskActions.moveTask(task, where),
  editingStarted: (task) => editingActions.begin('inline', task),
  editingEnded: (task) => editingActions.end('inline', task),
});
const details = new DetailsView($('.details'), {
  save: (task, fields, base, ifRev) => taskActions.saveDetails(task, fields, base, ifRev),
  closed: (task) => { if (task) todos.focusDetailsButton(task.viewKey); },
  editingStarted: (task) => editingActions.begin('details', task),
  editingEnded: (task) => editingActions.end('details', task),
});
const activity = new ActivityView($('#activity'), {
  onUndo: (entry) => activityActions.undoEntry(entry),
  onMore: () => activityActions.more(),
  onClose: () => activityActions.close(),
});
const toast = new ToastView($('#undo-toast'));
const account = new AccountView($('#account-dialog'), {
  onEmail: (fields) => accountActions.updateEmail(fields),
  onPassword: (fields) => accountActions.changePassword(fields),
  onDelete: (fields) => accountActions.deleteAccount(fields),
});
const page = new PageView({ auth, accountBar, status, sidebar, listPanel, todos, details, activity, toast }, {
  onUndo: () => undoActions.undoLast(),
});

// ---------------------------------------------------------------- actions

const editingActions = createEditingActions({ conn, store, outbox });
const undoActions = createUndoActions({ conn, store, outbox, status, toast });
const activityActions = createActivityActions({ conn, store, undo: undoActions });
const listActions = createListActions({ conn, store, outbox, status, details, todos, editing: editingActions, activity: activityActions });
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
