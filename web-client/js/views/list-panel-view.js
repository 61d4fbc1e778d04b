// The open list's header: its title (rename), delete (owner) or leave (member), the members with who
// is online now, sharing with a username and removing members (owner).

import { $, h, setText, show } from '../dom.js';
import { values, clearErrors, showReplyError, busy } from './forms.js';

export class ListPanelView {
  /** handlers: onRename(title), onShare(username), onRemoveMember(username) → reply; onDelete(), onLeave() */
  constructor(root, handlers) {
    this.root = root;
    this.title = $('.list-title', root);
    this.renameButton = $('.rename-list-button', root);
    this.deleteButton = $('.delete-list-button', root);
    this.leaveButton = $('.leave-list-button', root);
    this.renameForm = $('.rename-list-form', root);
    this.renameInput = $('#rename-list-title', root);
    this.members = $('.members', root);
    this.shareForm = $('.share-form', root);
    this.memberItems = new Map();
    this.listId = null;

    this.renameButton.addEventListener('click', () => this.openRename());
    $('.rename-cancel', root).addEventListener('click', () => this.closeRename(true));
    this.renameInput.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closeRename(true);
    });
    this.renameForm.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit(this.renameForm, () => handlers.onRename(this.renameInput.value.trim()), ['title'], () => this.closeRename(true));
    });
    this.shareForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const username = values(this.shareForm)['share-username'].trim();
      this.submit(this.shareForm, () => handlers.onShare(username), ['username'], () => this.shareForm.reset(), {
        aliases: { username: 'share-username' },
        byError: { not_found: 'share-username', bad_request: 'share-username', forbidden: 'share-username' },
      });
    });
    this.deleteButton.addEventListener('click', () => handlers.onDelete());
    this.leaveButton.addEventListener('click', () => handlers.onLeave());
    this.members.addEventListener('click', (e) => {
      const button = e.target.closest('.remove-member');
      if (button) handlers.onRemoveMember(button.dataset.username);
    });
  }

  async submit(form, send, fields, onOk, rules = {}) {
    clearErrors(form);
    const done = busy(form);
    try {
      const reply = await send();
      if (reply.ok) onOk();
      else showReplyError(form, reply, { fields, ...rules });
    } finally {
      done();
    }
  }

  openRename() {
    clearErrors(this.renameForm);
    this.renameInput.value = this.title.textContent;
    show(this.renameForm, true);
    this.renameButton.setAttribute('aria-expanded', 'true');
    this.renameInput.focus();
    this.renameInput.select();
  }

  closeRename(returnFocus) {
    show(this.renameForm, false);
    this.renameButton.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.renameButton.focus();
  }

  render(store) {
    const list = store.currentList;
    show(this.root, Boolean(list));
    if (!list) {
      // Nothing of a list stays in the page once none is open (after signing out, say), even hidden.
      this.listId = null;
      setText(this.title, '');
      this.members.replaceChildren();
      this.memberItems.clear();
      return;
    }
    if (this.listId !== list.id) {
      this.listId = list.id;
      show(this.renameForm, false);
      clearErrors(this.shareForm);
      this.shareForm.reset();
    }
    const me = store.username;
    const isOwner = list.owner === me;
    setText(this.title, list.title);
    show(this.deleteButton, isOwner);
    show(this.leaveButton, !isOwner);
    show(this.shareForm, isOwner);
    this.renderMembers(list, new Set(store.onlineOf(list.id)), isOwner, me);
  }

  renderMembers(list, online, isOwner, me) {
    // Owner first, then the others in the server's (alphabetical) order.
    const names = [list.owner, ...list.members.filter((m) => m !== list.owner)];
    const seen = new Set();
    let previous = null;
    for (const name of names) {
      seen.add(name);
      let item = this.memberItems.get(name);
      if (!item) {
        item = this.createMember(name);
        this.memberItems.set(name, item);
      }
      const isOnline = online.has(name);
      item.li.classList.toggle('online', isOnline);
      setText(item.status, isOnline ? 'online' : 'offline');
      setText(item.role, name === list.owner ? 'owner' : '');
      setText(item.you, name === me ? '(you)' : '');
      show(item.remove, isOwner && name !== list.owner);
      const expected = previous ? previous.nextSibling : this.members.firstChild;
      if (expected !== item.li) this.members.insertBefore(item.li, expected);
      previous = item.li;
    }
    for (const [name, item] of this.memberItems) {
      if (!seen.has(name)) {
        item.li.remove();
        this.memberItems.delete(name);
      }
    }
  }

  createMember(name) {
    const status = h('span', { class: 'member-status' });
    const role = h('span', { class: 'member-role' });
    const you = h('span', { class: 'member-you' });
    const remove = h('button', {
      type: 'button', class: 'btn small remove-member', dataset: { username: name },
      'aria-label': `Remove ${name} from this list`, text: 'Remove',
    });
    const li = h('li', { class: 'member', dataset: { username: name } },
      h('span', { class: 'presence-dot', 'aria-hidden': 'true' }),
      h('span', { class: 'member-name', text: name }), ' ', you, ' ', role, ' ', status, ' ', remove);
    return { li, status, role, you, remove };
  }
}
