// The sidebar: the person's lists (the open one marked; shared and view-only ones say so), and the form to
// create a list.

import { $, h, setText, placeAfter, dropUnseen } from '../dom.js';
import { values, clearErrors, showReplyError, busy } from './forms.js';

export class SidebarView {
  /** handlers: onOpen(listId), onCreate(title) → reply */
  constructor(root, handlers) {
    this.root = root;
    this.nav = $('.list-nav', root);
    this.items = new Map(); // list id -> {li, button, title, badge}
    this.form = $('.new-list-form', root);

    this.nav.addEventListener('click', (e) => {
      const button = e.target.closest('.list-link');
      if (button) handlers.onOpen(Number(button.dataset.id));
    });
    this.form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(this.form);
      const { title } = values(this.form);
      const done = busy(this.form);
      try {
        const reply = await handlers.onCreate(title.trim());
        if (reply.ok) this.form.reset();
        else showReplyError(this.form, reply, { fields: ['title'], byError: { bad_request: 'title' } });
      } finally {
        done();
      }
    });
  }

  render(store) {
    const lists = store.sortedLists();
    const seen = new Set();
    let previous = null;
    for (const list of lists) {
      seen.add(list.id);
      let item = this.items.get(list.id);
      if (!item) {
        item = this.create(list.id);
        this.items.set(list.id, item);
      }
      setText(item.title, list.title);
      const shared = list.members.length > 1;
      item.badge.hidden = !shared;
      const viewOnly = !store.canEdit(list.id) ? 'view only · ' : '';
      setText(item.badge, shared ? `${viewOnly}shared · ${list.members.length}` : '');
      if (list.id === store.currentListId) item.button.setAttribute('aria-current', 'true');
      else item.button.removeAttribute('aria-current');
      previous = placeAfter(this.nav, item.li, previous);
    }
    dropUnseen(this.items, seen);
  }

  create(id) {
    const title = h('span', { class: 'list-link-title' });
    const badge = h('span', { class: 'badge', hidden: true });
    const button = h('button', { type: 'button', class: 'list-link', dataset: { id: String(id) } }, title, badge);
    return { li: h('li', {}, button), button, title, badge };
  }
}
