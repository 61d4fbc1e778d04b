// The page as a whole: the sign-in screen or the app, and the app's views rendered from the store after
// every change (TodoMVC's one render per event); and the page's own shortcut, Ctrl+Z / Cmd+Z outside text
// fields for undo. Reads the store; changes nothing but the DOM.

import { $, show } from '../dom.js';
import { quoted } from '../format.js';

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'password', 'url', 'tel', 'number', 'date']);

/** Whether Ctrl+Z belongs to this element (the browser's own text undo) rather than to the page. */
function isTextField(el) {
  if (!el || !(el instanceof Element)) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && TEXT_INPUTS.has(el.type);
}

export class PageView {
  /** views: {auth, accountBar, status, sidebar, listPanel, todos, details, activity, toast}; handlers: {onUndo()} */
  constructor(views, handlers) {
    this.views = views;
    this.app = $('#app');
    this.noList = $('.no-list');
    document.addEventListener('keydown', (e) => {
      const undoKey = (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z';
      if (!undoKey || e.defaultPrevented || this.app.hidden || isTextField(e.target) || e.target.closest?.('dialog')) return;
      e.preventDefault();
      handlers.onUndo();
    });
  }

  showApp() {
    const { auth } = this.views;
    auth.show(false);
    auth.setNotice('');
    show(this.app, true);
  }

  showAuth(notice) {
    const { auth } = this.views;
    show(this.app, false);
    auth.show(true);
    auth.setNotice(notice ?? '');
    auth.focus();
  }

  /** savedSession: {token, username} of the person signed in on this page, or null. */
  render(store, queuedChanges, savedSession) {
    const { accountBar, status, sidebar, listPanel, todos, details, activity, toast } = this.views;
    status.renderConnection(store.connection, queuedChanges);
    accountBar.render({
      signedIn: savedSession !== null,
      username: store.username ?? savedSession?.username,
      profileLoaded: Boolean(store.me),
    });

    // Signed out, the store is empty: rendering it clears the previous user's lists and tasks from the page.
    sidebar.render(store);
    listPanel.render(store, Boolean(store.activity));
    const list = store.currentList;
    const listId = store.currentListId; // known before the list itself when starting offline
    const readOnly = Boolean(list) && !store.canEdit(listId); // unknown until the lists load: editable meanwhile
    document.title = list ? `${list.title} · Todos` : 'Todos';
    show(this.noList, store.listsLoaded && store.lists.size === 0);
    const shown = listId === null ? [] : store.tasksOf(listId);
    todos.render({
      listId, tasks: shown, filter: store.filter,
      connected: store.connection === 'connected',
      showAuthors: Boolean(list && list.members.length > 1),
      readOnly,
    });
    if (details.isOpen) {
      const gone = details.render(shown.find((t) => t.viewKey === details.key) ?? null, readOnly);
      if (gone !== null) status.message(`${quoted(gone)} was deleted.`, 'info');
    }
    activity.render(store.activity, !readOnly);
    toast.render(listId);
  }
}
