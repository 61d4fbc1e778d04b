// The open list's header: its title (rename, not for viewers), a "view only" badge for viewers, delete
// (owner) or leave (member), the activity panel's button, the members with their role and who is online
// now, sharing with a username and a role, changing a member's role and removing members (owner).

import { $, h, setText, show, placeAfter, dropUnseen } from '../dom.js';
import { values, clearErrors, showReplyError, busy } from './forms.js';

export class ListPanelView {
  /**
   * handlers: onRename(title), onShare(username, role), onRoleChange(username, role) → reply;
   * onRemoveMember(username), onDelete(), onLeave(), onActivity()
   */
  constructor(root, handlers) {
    this.root = root;
    this.title = $('.list-title', root);
    this.viewOnlyBadge = $('.view-only-badge', root);
    this.activityButton = $('.activity-button', root);
    this.shareRole = $('#share-role', root);
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
      const role = this.shareRole.value;
      this.submit(this.shareForm, () => handlers.onShare(username, role), ['username', 'role'], () => this.shareForm.reset(), {
        aliases: { username: 'share-username' },
        byError: { not_found: 'share-username', bad_request: 'share-username', forbidden: 'share-username' },
      });
    });
    this.activityButton.addEventListener('click', () => handlers.onActivity());
    this.deleteButton.addEventListener('click', () => handlers.onDelete());
    this.leaveButton.addEventListener('click', () => handlers.onLeave());
    this.members.addEventListener('click', (e) => {
      const button = e.target.closest('.remove-member');
      if (button) handlers.onRemoveMember(button.dataset.username);
    });
    this.members.addEventListener('change', async (e) => {
      const select = e.target.closest('.member-role-select');
      if (!select) return;
      select.disabled = true;
      const reply = await handlers.onRoleChange(select.dataset.username, select.value);
      select.disabled = false;
      if (!reply.ok) select.value = select.dataset.role; // refused: back to the role it has
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

  /** activityOpen: whether the activity panel is shown. */
  render(store, activityOpen) {
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
    const viewer = !store.canEdit(list.id);
    setText(this.title, list.title);
    show(this.viewOnlyBadge, viewer);
    show(this.renameButton, !viewer);
    if (viewer) show(this.renameForm, false);
    show(this.deleteButton, isOwner);
    show(this.leaveButton, !isOwner);
    show(this.shareForm, isOwner);
    this.activityButton.setAttribute('aria-expanded', String(activityOpen));
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
      const role = name === list.owner ? 'owner' : list.roles?.[name] ?? 'editor';
      const canChange = isOwner && name !== list.owner;
      setText(item.role, role);
      show(item.role, !canChange);
      show(item.roleSelect, canChange);
      item.roleSelect.dataset.role = role;
      if (canChange && item.roleSelect.value !== role && !item.roleSelect.disabled) item.roleSelect.value = role;
      item.li.dataset.role = role;
      setText(item.you, name === me ? '(you)' : '');
      show(item.remove, isOwner && name !== list.owner);
      previous = placeAfter(this.members, item.li, previous);
    }
    dropUnseen(this.memberItems, seen);
  }

  createMember(name) {
    const status = h('span', { class: 'member-status' });
    const role = h('span', { class: 'member-role' });
    const roleSelect = h('select', {
      class: 'member-role-select', dataset: { username: name }, 'aria-label': `Role of ${name}`, hidden: true,
    }, h('option', { value: 'editor', text: 'editor' }), h('option', { value: 'viewer', text: 'viewer' }));
    const you = h('span', { class: 'member-you' });
    const remove = h('button', {
      type: 'button', class: 'btn small remove-member', dataset: { username: name },
      'aria-label': `Remove ${name} from this list`, text: 'Remove',
    });
    const li = h('li', { class: 'member', dataset: { username: name } },
      h('span', { class: 'presence-dot', 'aria-hidden': 'true' }),
      h('span', { class: 'member-name', text: name }), ' ', you, ' ', role, roleSelect, ' ', status, ' ', remove);
    return { li, status, role, roleSelect, you, remove };
  }
}
