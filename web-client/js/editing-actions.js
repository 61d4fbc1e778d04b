// My own "is editing" marks: while I edit a task (its title inline, or its details panel) the others see
// "alice is editing…". A mark is `task.editing {task, editing: true}` when editing starts, repeated every
// REPEAT_MS while it lasts (the server drops a mark not repeated for 30 s), and `editing: false` when done.
// Marks are ephemeral: nothing is queued while offline; after a reconnect the open list's marks are sent again.

import { isTempId } from './op-kinds.js';

const REPEAT_MS = 10_000;

/** deps: {conn, store, outbox} */
export function createEditingActions({ conn, store, outbox }) {
  const marks = new Map(); // view key -> {task (as when editing began), sources: Set('inline' | 'details')}
  let timer = null;

  /** Editing of `task` began in `source` ('inline' or 'details'). */
  function begin(source, task) {
    if (!task || !store.canEdit(task.list)) return;
    let mark = marks.get(task.viewKey);
    if (!mark) {
      mark = { task, sources: new Set() };
      marks.set(task.viewKey, mark);
    }
    const first = mark.sources.size === 0;
    mark.sources.add(source);
    if (first) send(mark, true);
    if (timer === null) timer = setInterval(repeat, REPEAT_MS);
  }

  /** Editing of `task` in `source` ended (saved, cancelled, closed, or the task is gone). */
  function end(source, task) {
    const mark = task ? marks.get(task.viewKey) : undefined;
    if (!mark || !mark.sources.delete(source) || mark.sources.size > 0) return;
    marks.delete(task.viewKey);
    send(mark, false);
    if (marks.size === 0) {
      clearInterval(timer);
      timer = null;
    }
  }

  function repeat() {
    for (const mark of marks.values()) send(mark, true);
  }

  /** After (re)subscribing to a list: the server forgot the marks of the connection that was lost. */
  function resend(listId) {
    for (const mark of marks.values()) if (mark.task.list === listId) send(mark, true);
  }

  function send(mark, editing) {
    const id = outbox.realId(mark.task.id); // a task not confirmed yet has no id to mark
    if (id === null || isTempId(id) || !store.authed || !conn.isOpen()) return;
    if (editing && !store.canEdit(mark.task.list)) return;
    // A refusal (the task was deleted, or I became a viewer) needs no message: the mark just is not shown.
    conn.request('task.editing', { task: id, editing });
  }

  return { begin, end, resend };
}
