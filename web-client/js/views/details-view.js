// The task details panel: edit name, note and due date; shows who created and last changed the task.
// Fields the person has touched are never overwritten by someone else's change; untouched ones follow
// the live task. Saving sends only the touched fields, with ifRev = the task's rev when editing began.

import { $, setText, show } from '../dom.js';
import { dueDateInputValue, dueStatus, formatTime } from '../format.js';
import { clearErrors, showFieldError } from './forms.js';

const FIELDS = ['name', 'note', 'due'];

export class DetailsView {
  /** handlers: save(task, fields, base, ifRev), closed(task or null) */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.form = $('.details-form', root);
    this.inputs = { name: $('#details-name', root), note: $('#details-note', root), due: $('#details-due', root) };
    this.dueStatus = $('.details-due-status', root);
    this.created = $('.details-created', root);
    this.updated = $('.details-updated', root);
    this.key = null;
    this.task = null;
    this.dirty = new Set();
    this.base = {};
    this.ifRev = null;

    for (const field of FIELDS) {
      this.inputs[field].addEventListener('input', () => this.touch(field));
    }
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    $('.details-close', root).addEventListener('click', () => this.close(true));
    $('.details-cancel', root).addEventListener('click', () => this.close(true));
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close(true);
      }
    });
  }

  get isOpen() {
    return this.key !== null;
  }

  open(task) {
    this.key = task.viewKey;
    this.task = task;
    this.dirty.clear();
    this.base = {};
    this.ifRev = null;
    clearErrors(this.form);
    this.fill(task);
    show(this.root, true);
    this.inputs.name.focus();
  }

  close(returnFocus) {
    if (!this.isOpen) return;
    const task = this.task;
    this.key = null;
    this.task = null;
    show(this.root, false);
    this.handlers.closed(returnFocus ? task : null);
  }

  touch(field) {
    if (this.dirty.has(field) || !this.task) return;
    if (this.dirty.size === 0) this.ifRev = this.task.rev;
    this.dirty.add(field);
    this.base[field] = this.task[field];
  }

  /** Called on every store change with the task as shown now (null when it is gone). */
  render(task) {
    if (!this.isOpen) return null;
    if (!task) {
      const name = this.task.name;
      this.close(false);
      return name; // the caller says it was deleted
    }
    this.task = task;
    this.fill(task);
    return null;
  }

  fill(task) {
    const value = { name: task.name, note: task.note ?? '', due: dueDateInputValue(task.due) };
    for (const field of FIELDS) {
      if (!this.dirty.has(field) && this.inputs[field].value !== value[field]) this.inputs[field].value = value[field];
    }
    const status = task.completed ? null : dueStatus(task.due);
    setText(this.dueStatus, status === 'overdue' ? 'Overdue' : status === 'today' ? 'Due today' : '');
    this.dueStatus.classList.toggle('overdue', status === 'overdue');
    setText(this.created, task.created ? `by ${task.createdBy}, ${formatTime(task.created)}` : `by ${task.createdBy}`);
    setText(this.updated, task.pending
      ? `by ${task.updatedBy}, not saved yet`
      : `by ${task.updatedBy}, ${formatTime(task.updated)}`);
  }

  save() {
    const task = this.task;
    if (!task) return;
    clearErrors(this.form);
    const fields = {};
    for (const field of this.dirty) {
      let value = this.inputs[field].value;
      if (field === 'name') {
        value = value.trim();
        if (!value) {
          showFieldError(this.form, 'name', 'A task needs a name.');
          return;
        }
      }
      if (field === 'due') value = value || null;
      if (field === 'due' ? dueDateInputValue(task.due) !== (value ?? '') : task[field] !== value) fields[field] = value;
    }
    if (Object.keys(fields).length > 0) {
      const base = {};
      for (const field of Object.keys(fields)) base[field] = this.base[field];
      this.handlers.save(task, fields, base, this.ifRev);
    }
    this.close(true);
  }
}
