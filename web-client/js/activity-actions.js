// The activity panel: the open list's history (`history {list, before?, limit?}`, newest first), who did
// what and when, with an undo button per entry. It follows the open list, and catches up (newest page
// again) shortly after each change in it and after each resubscribe, so it stays live without one request
// per event.

const PAGE = 50;
const REFRESH_MS = 300; // changes closer together than this cost one request

/** deps: {conn, store, undo} */
export function createActivityActions({ conn, store, undo }) {
  let refreshTimer = null;

  function toggle() {
    if (store.activity) store.closeActivity();
    else open(store.currentListId);
  }

  function open(listId) {
    if (listId === null) return;
    store.openActivity(listId);
    load(listId);
  }

  function close() {
    store.closeActivity();
  }

  /** Another list was opened: the panel, if shown, shows that one's history. */
  function listOpened(listId) {
    if (!store.activity || store.activity.listId === listId) return;
    if (listId === null) store.closeActivity();
    else open(listId);
  }

  async function load(listId, before) {
    const older = before !== undefined;
    const reply = await conn.request('history', older ? { list: listId, before, limit: PAGE } : { list: listId, limit: PAGE });
    if (reply.ok) {
      store.addActivity(listId, reply.entries, { older, full: reply.entries.length === PAGE });
      store.setActivityNotice(listId, '');
    } else if (reply.error !== 'offline') {
      store.setActivityNotice(listId, `Could not load the activity: ${reply.message || reply.error}.`);
    }
  }

  function more() {
    const a = store.activity;
    if (a && a.entries.length) load(a.listId, a.entries[a.entries.length - 1].rev);
  }

  /** Something changed in `listId` (a task event, or a resubscribe): catch up soon. */
  function changed(listId) {
    if (!store.activity || store.activity.listId !== listId || refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (store.activity && store.activity.listId === listId && store.authed) load(listId);
    }, REFRESH_MS);
  }

  async function undoEntry(entry) {
    const a = store.activity;
    if (!a) return;
    const reply = await undo.undoEntry(a.listId, entry);
    store.setActivityNotice(a.listId, reply.ok ? '' : undo.refusalText(reply, entry.task.id, a.listId, entry.task.name));
  }

  return { toggle, close, listOpened, changed, more, undoEntry };
}
