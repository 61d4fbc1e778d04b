// The task details panel: edit name, note and due date; shows who created and last changed the task, and
// who else is editing it now. Fields the person has touched are never overwritten by someone else's change;
// untouched ones follow the live task. Saving sends only the touched fields, with ifRev = the task's rev
// when editing began. Open, the panel counts as editing the task (others see it); for a viewer it is
// read-only and counts as nothing.

import { $, setText, show } from '../dom.js';
import { dueDateInputValue, dueStatus, formatTime, editingText } from '../format.js';
import { clearErrors, showFieldError } from './forms.js';

const FIELDS = ['name', 'note', 'due'];

export class DetailsView {
  /** handlers: save(task, fields, base, ifRev), closed(task or null), editingStarted(task), editingEnded(task) */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.form = $('.details-form', root);
    this.inputs = { name: $('#details-name', root), note: $('#details-note', root), due: $('#details-due', root) };
    this.dueStatus = $('.details-due-status', root);
    this.created = $('.details-created', root);
    this.updated = $('.details-updated', root);
    this.editors = $('.details-editing', root);
    this.viewOnly = $('.details-view-only', root);
    this.saveButton = $('button[type="submit"]', this.form);
    this.cancelButton = $('.details-cancel', root);
    this.readOnly = false;
    this.marked = null; // the task my editing mark is about, while the panel is open for editing
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
      if (this.readOnly) this.close(true);
      else this.save();
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

  /** readOnly: the list is view-only for me. */
  open(task, readOnly) {
    if (this.isOpen) this.close(false);
    this.key = task.viewKey;
    this.task = task;
    this.dirty.clear();
    this.base = {};
    this.ifRev = null;
    clearErrors(this.form);
    this.setReadOnly(readOnly);
    this.fill(task);
    show(this.root, true);
    this.inputs.name.focus();
  }

  close(returnFocus) {
    if (!this.isOpen) return;
    const task = this.task;
    this.key = null;
    this.task = null;
    this.unmark();
    show(this.root, false);
    this.handlers.closed(returnFocus ? task : null);
  }

  /** Read-only for a viewer (and no editing mark); editable, and marked as being edited, for the others. */
  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    for (const input of Object.values(this.inputs)) input.readOnly = readOnly;
    show(this.saveButton, !readOnly);
    show(this.viewOnly, readOnly);
    setText(this.cancelButton, readOnly ? 'Close' : 'Cancel');
    if (readOnly) {
      this.dirty.clear(); // nothing of an edit in progress can be saved any more
      this.unmark();
    } else if (!this.marked && this.task) {
      this.marked = this.task;
      this.handlers.editingStarted(this.task);
    }
  }

  unmark() {
    if (!this.marked) return;
    const task = this.marked;
    this.marked = null;
    this.handlers.editingEnded(task);
  }

  touch(field) {
    if (this.dirty.has(field) || !this.task) return;
    if (this.dirty.size === 0) this.ifRev = this.task.rev;
    this.dirty.add(field);
    this.base[field] = this.task[field];
  }

  /** Called on every store change with the task as shown now (null when it is gone). */
  render(task, readOnly) {
    if (!this.isOpen) return null;
    if (!task) {
      const name = this.task.name;
      this.close(false);
      return name; // the caller says it was deleted
    }
    this.task = task;
    if (readOnly !== this.readOnly) this.setReadOnly(readOnly);
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
    setText(this.editors, editingText(task.editors ?? []));
    show(this.editors, Boolean(task.editors && task.editors.length));
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
