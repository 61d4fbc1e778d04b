// The page as a whole: the sign-in screen or the app, and the app's views rendered from the store after
// every change (TodoMVC's one render per event). Reads the store; changes nothing but the DOM.

import { $, show } from '../dom.js';
import { quoted } from '../format.js';

export class PageView {
  /** views: {auth, accountBar, status, sidebar, listPanel, todos, details} */
  constructor(views) {
    this.views = views;
    this.app = $('#app');
    this.noList = $('.no-list');
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
    const { accountBar, status, sidebar, listPanel, todos, details } = this.views;
    status.renderConnection(store.connection, queuedChanges);
    accountBar.render({
      signedIn: savedSession !== null,
      username: store.username ?? savedSession?.username,
      profileLoaded: Boolean(store.me),
    });

    // Signed out, the store is empty: rendering it clears the previous user's lists and tasks from the page.
    sidebar.render(store);
    listPanel.render(store);
    const list = store.currentList;
    const listId = store.currentListId; // known before the list itself when starting offline
    document.title = list ? `${list.title} · Todos` : 'Todos';
    show(this.noList, store.listsLoaded && store.lists.size === 0);
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
}
