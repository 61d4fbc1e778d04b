// The TodoMVC area: new-task field, toggle-all, the task list, counter, filters, clear completed.
// Same markup and class names as TodoMVC. Rendering is keyed by task, so a re-render caused by someone
// else's change never replaces the row being edited, its input, or the focused control (a row that moves
// keeps its focus). Beyond TodoMVC: tasks are moved by dragging their handle or with Alt+↑ / Alt+↓, a row
// says who else is editing it, and a viewer's list is read-only (no new-task field, toggles, edits or drags).

import { $, $$, h, setText, show, placeAfter, dropUnseen } from '../dom.js';
import { plural, dueStatus, dueLabel, editingText } from '../format.js';
import { matchesFilter } from '../router.js';
import { DragSort } from './drag-sort.js';

export class TodoView {
  /**
   * handlers: add(name), toggle(task, completed), toggleAll(completed), rename(task, name, base),
   * destroy(task), clearCompleted(), openDetails(task), editedTaskGone(name),
   * move(task, {after: task} | {before: task}), editingStarted(task), editingEnded(task)
   */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.newTodo = $('.new-todo', root);
    this.main = $('.main', root);
    this.toggleAll = $('.toggle-all', root);
    this.list = $('.todo-list', root);
    this.footer = $('.footer', root);
    this.count = $('.todo-count', root);
    this.clearButton = $('.clear-completed', root);
    this.filterLinks = $$('.filters a', root);
    this.items = new Map(); // view key -> row
    this.tasks = new Map(); // view key -> task as last rendered
    this.editing = null; // {key, base: {rev, name}, task}
    this.listId = null;
    this.readOnly = false;
    this.reordering = false; // rows are being moved in the DOM: a focus lost meanwhile is not the person's

    this.newTodo.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.isComposing) return;
      const name = this.newTodo.value.trim();
      if (!name) return;
      this.newTodo.value = '';
      handlers.add(name);
    });
    this.toggleAll.addEventListener('change', () => handlers.toggleAll(this.toggleAll.checked));
    this.clearButton.addEventListener('click', () => handlers.clearCompleted());

    this.list.addEventListener('change', (e) => {
      if (!e.target.classList.contains('toggle')) return;
      const task = this.taskOf(e.target);
      if (task) handlers.toggle(task, e.target.checked);
    });
    this.list.addEventListener('click', (e) => {
      const button = e.target.closest('.destroy, .details-button');
      if (!button) return;
      const task = this.taskOf(button);
      if (!task) return;
      if (button.classList.contains('destroy')) handlers.destroy(task);
      else handlers.openDetails(task);
    });
    this.list.addEventListener('dblclick', (e) => {
      const label = e.target.closest('.view > label');
      if (label && !this.readOnly) this.startEdit(label.closest('li').dataset.key);
    });
    this.list.addEventListener('keydown', (e) => {
      if (e.target.classList.contains('edit')) {
        if (e.key === 'Enter' && !e.isComposing) this.finishEdit(true);
        else if (e.key === 'Escape') this.cancelEdit();
      } else if (e.key === 'F2' && e.target.classList.contains('toggle') && !this.readOnly) {
        // Keyboard route into inline editing (double-click needs a mouse).
        e.preventDefault();
        this.startEdit(e.target.closest('li').dataset.key);
      } else if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        e.preventDefault();
        this.moveByKey(e.target.closest('li'), e.key === 'ArrowUp' ? -1 : 1);
      }
    });
    this.list.addEventListener('focusout', (e) => {
      if (e.target.classList.contains('edit') && !this.reordering) this.finishEdit(false);
    });
    this.drag = new DragSort(this.list, {
      handle: '.drag-handle',
      canStart: (li) => !this.readOnly && this.editing?.key !== li.dataset.key,
      onDrop: (li, where) => this.moved(li, where),
    });
  }

  /** Alt+↑ / Alt+↓ on a focused row: one place up or down among the rows shown. */
  moveByKey(li, step) {
    if (!li || this.readOnly || this.drag.active) return;
    const rows = [...this.list.children];
    const neighbour = rows[rows.indexOf(li) + step];
    if (!neighbour) return;
    this.moved(li, step < 0 ? { before: neighbour } : { after: neighbour });
  }

  /** A row was dropped next to another: {after: li} or {before: li}. */
  moved(li, where) {
    const task = this.tasks.get(li.dataset.key);
    const side = 'after' in where ? 'after' : 'before';
    const neighbour = this.tasks.get(where[side].dataset.key);
    if (task && neighbour) this.handlers.move(task, { [side]: neighbour });
  }

  taskOf(el) {
    const li = el.closest('li');
    return li ? this.tasks.get(li.dataset.key) ?? null : null;
  }

  focusNewTodo() {
    this.newTodo.focus();
  }

  focusDetailsButton(key) {
    const item = this.items.get(key);
    if (item) item.details.focus();
  }

  // ---- inline editing

  startEdit(key) {
    const task = this.tasks.get(key);
    const item = this.items.get(key);
    if (!task || !item) return;
    if (this.editing) this.finishEdit(false);
    this.editing = { key, base: { rev: task.rev, name: task.name }, task };
    item.li.classList.add('editing');
    item.edit.value = task.name;
    item.edit.focus();
    item.edit.setSelectionRange(item.edit.value.length, item.edit.value.length);
    this.handlers.editingStarted(task);
  }

  /** Enter or blur: save the trimmed title; an empty title deletes the task. */
  finishEdit(fromKeyboard) {
    const editing = this.editing;
    if (!editing) return;
    this.editing = null;
    this.handlers.editingEnded(editing.task);
    const item = this.items.get(editing.key);
    const task = this.tasks.get(editing.key);
    if (!item) return;
    const text = item.edit.value.trim();
    item.li.classList.remove('editing');
    if (fromKeyboard) item.toggle.focus();
    if (!task) return;
    if (!text) this.handlers.destroy(task);
    else if (text !== editing.base.name && text !== task.name) this.handlers.rename(task, text, editing.base);
    else setText(item.label, task.name);
  }

  /** Escape: leave the title as it was. */
  cancelEdit() {
    const editing = this.editing;
    if (!editing) return;
    this.editing = null;
    this.handlers.editingEnded(editing.task);
    const item = this.items.get(editing.key);
    const task = this.tasks.get(editing.key);
    if (!item) return;
    if (task) item.edit.value = task.name;
    item.li.classList.remove('editing');
    item.toggle.focus();
  }

  // ---- rendering

  /** vm: {listId, tasks (all of the list, as shown, in order), filter, connected, showAuthors, readOnly} */
  render(vm) {
    if (vm.listId !== this.listId) {
      this.listId = vm.listId;
      if (this.editing) this.handlers.editingEnded(this.editing.task);
      this.editing = null;
      this.drag.cancel();
      this.list.replaceChildren();
      this.items.clear();
    }
    const all = vm.tasks;
    this.tasks = new Map(all.map((t) => [t.viewKey, t]));
    if (this.editing && !this.tasks.has(this.editing.key)) {
      const gone = this.editing;
      this.editing = null;
      this.handlers.editingEnded(gone.task);
      this.handlers.editedTaskGone(gone.base.name);
    }
    if (vm.readOnly && this.editing) this.cancelEdit(); // just became a viewer
    if (vm.readOnly) this.drag.cancel();
    this.readOnly = vm.readOnly;
    this.root.classList.toggle('read-only', vm.readOnly);
    show($('.header', this.root), !vm.readOnly);
    const editingKey = this.editing ? this.editing.key : null;
    const visible = all.filter((t) => matchesFilter(t, vm.filter) || t.viewKey === editingKey);
    const now = new Date();

    const seen = new Set();
    let previous = null;
    // Moving a row in the DOM takes the focus from what it holds: it is given back once rows are in place.
    const focused = this.list.contains(document.activeElement) ? document.activeElement : null;
    this.reordering = true;
    try {
      for (const task of visible) {
        seen.add(task.viewKey);
        let item = this.items.get(task.viewKey);
        if (!item) {
          item = this.createItem(task.viewKey);
          this.items.set(task.viewKey, item);
        }
        this.updateItem(item, task, vm, now);
        previous = placeAfter(this.list, item.li, previous);
      }
      dropUnseen(this.items, seen);
      if (focused && focused.isConnected && document.activeElement !== focused) focused.focus();
    } finally {
      this.reordering = false;
    }

    const active = all.filter((t) => !t.completed).length;
    const completed = all.length - active;
    show(this.main, all.length > 0);
    show(this.footer, all.length > 0);
    show(this.toggleAll, !vm.readOnly);
    show(this.toggleAll.labels[0], !vm.readOnly);
    this.toggleAll.checked = all.length > 0 && active === 0;
    this.count.replaceChildren(h('strong', { text: String(active) }), ` ${plural(active, 'item')} left`);
    show(this.clearButton, completed > 0 && !vm.readOnly);
    const selectedHref = { all: '#/', active: '#/active', completed: '#/completed' }[vm.filter];
    for (const a of this.filterLinks) {
      const selected = a.getAttribute('href') === selectedHref;
      a.classList.toggle('selected', selected);
      if (selected) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  createItem(key) {
    const labelId = `task-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    const toggle = h('input', { class: 'toggle', type: 'checkbox', 'aria-labelledby': labelId });
    const label = h('label', { id: labelId });
    const due = h('span', { class: 'due', hidden: true });
    const noteFlag = h('span', { class: 'note-flag', text: 'Note', hidden: true });
    const by = h('span', { class: 'by', hidden: true });
    const state = h('span', { class: 'sync-state', text: 'Not sent yet', hidden: true });
    const editors = h('span', { class: 'editing-by', hidden: true });
    const meta = h('div', { class: 'meta' }, editors, due, noteFlag, by, state);
    const details = h('button', { type: 'button', class: 'details-button' });
    const destroy = h('button', { type: 'button', class: 'destroy' });
    // For the mouse, pen and touch; the keyboard moves a row with Alt+↑ / Alt+↓ from any of its controls.
    const handle = h('span', { class: 'drag-handle', title: 'Drag to move (or Alt+↑ / Alt+↓)', 'aria-hidden': 'true' });
    const edit = h('input', { class: 'edit', autocomplete: 'off', maxlength: '500' });
    const li = h('li', { dataset: { key } },
      h('div', { class: 'view' }, toggle, label, meta, details, destroy, handle), edit);
    return { li, toggle, label, meta, due, noteFlag, by, state, editors, details, destroy, handle, edit, flashRev: null };
  }

  updateItem(item, task, vm, now) {
    const { li } = item;
    li.dataset.id = String(task.id);
    li.classList.toggle('completed', task.completed);
    li.classList.toggle('pending', Boolean(task.pending));
    if (item.toggle.checked !== task.completed) item.toggle.checked = task.completed;
    item.toggle.disabled = vm.readOnly;
    show(item.destroy, !vm.readOnly);
    show(item.handle, !vm.readOnly);
    if (vm.readOnly) item.toggle.removeAttribute('aria-keyshortcuts');
    else item.toggle.setAttribute('aria-keyshortcuts', 'Alt+ArrowUp Alt+ArrowDown F2');
    setText(item.label, task.name);
    item.details.setAttribute('aria-label', `Details of ${task.name}`);
    item.details.title = 'Note, due date and history';
    item.destroy.setAttribute('aria-label', `Delete ${task.name}`);
    item.edit.setAttribute('aria-label', `Edit ${task.name}`);

    const status = task.completed ? (task.due ? 'later' : null) : dueStatus(task.due, now);
    setText(item.due, task.due ? dueLabel(task.due, status) : '');
    show(item.due, Boolean(task.due));
    item.due.classList.toggle('overdue', status === 'overdue');
    item.due.classList.toggle('today', status === 'today');
    li.classList.toggle('overdue', status === 'overdue');
    li.classList.toggle('due-today', status === 'today');

    show(item.noteFlag, Boolean(task.note));
    const changed = task.updatedBy && task.updated !== task.created;
    let byText = `Added by ${task.createdBy}`;
    if (changed) {
      byText = task.updatedBy === task.createdBy
        ? `Added and changed by ${task.createdBy}`
        : `Added by ${task.createdBy} · changed by ${task.updatedBy}`;
    }
    setText(item.by, vm.showAuthors ? byText : '');
    show(item.by, Boolean(vm.showAuthors && task.createdBy));
    show(item.state, Boolean(task.pending && !vm.connected));
    setText(item.editors, editingText(task.editors));
    show(item.editors, task.editors.length > 0);
    li.classList.toggle('edited-by-others', task.editors.length > 0);
    show(item.meta, [item.editors, item.due, item.noteFlag, item.by, item.state].some((el) => !el.hidden));

    // Someone else's change: a short highlight, restarted for each new change.
    if (task.flash && item.flashRev !== task.rev) {
      li.classList.remove('flash');
      void li.offsetWidth; // restart the CSS animation
      li.classList.add('flash');
      item.flashRev = task.rev;
    } else if (!task.flash && item.flashRev !== null) {
      li.classList.remove('flash');
      item.flashRev = null;
    }
  }
}
