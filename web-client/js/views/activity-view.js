// The activity panel: the open list's changes, newest first ("bob completed “Milk” · 5 minutes ago"), an
// undo button per entry (not for viewers; an entry undone since says "undone" instead), "Show older", and a
// line for what went wrong (an undo refused).

import { $, h, setText, show, placeAfter, dropUnseen } from '../dom.js';
import { describeChange, formatAgo, formatTime } from '../format.js';

export class ActivityView {
  /** handlers: onUndo(entry), onMore(), onClose() */
  constructor(root, handlers) {
    this.root = root;
    this.list = $('.activity-list', root);
    this.status = $('.activity-status', root);
    this.moreButton = $('.activity-more', root);
    this.items = new Map(); // rev -> {li, ...}
    this.entries = new Map(); // rev -> entry as last rendered
    this.listId = null;

    $('.activity-close', root).addEventListener('click', () => handlers.onClose());
    this.moreButton.addEventListener('click', () => handlers.onMore());
    this.list.addEventListener('click', (e) => {
      const button = e.target.closest('.activity-undo');
      const entry = button && this.entries.get(Number(button.closest('li').dataset.rev));
      if (entry) handlers.onUndo(entry);
    });
  }

  /** activity: the store's panel state or null; canUndo: whether I may change the list. */
  render(activity, canUndo) {
    show(this.root, Boolean(activity));
    if (!activity) {
      this.listId = null;
      this.list.replaceChildren();
      this.items.clear();
      return;
    }
    if (activity.listId !== this.listId) {
      this.listId = activity.listId;
      this.list.replaceChildren();
      this.items.clear();
    }
    this.entries = new Map(activity.entries.map((e) => [e.rev, e]));
    // An undo's entry names the change it undid (`undoes`): that one cannot be undone again.
    const undone = new Set(activity.entries.filter((e) => e.undoes !== undefined && e.undoes !== null).map((e) => e.undoes));
    const now = Date.now();
    let previous = null;
    const seen = new Set();
    for (const entry of activity.entries) {
      seen.add(entry.rev);
      let item = this.items.get(entry.rev);
      if (!item) {
        item = this.createItem(entry);
        this.items.set(entry.rev, item);
      }
      setText(item.when, formatAgo(entry.at, now));
      show(item.undo, canUndo && !undone.has(entry.rev));
      show(item.undone, undone.has(entry.rev));
      previous = placeAfter(this.list, item.li, previous);
    }
    dropUnseen(this.items, seen);
    let status = activity.notice;
    if (!status && !activity.loaded) status = 'Loading…';
    if (!status && activity.entries.length === 0) status = 'No changes yet.';
    setText(this.status, status);
    this.status.classList.toggle('error', Boolean(activity.notice));
    show(this.moreButton, activity.more);
  }

  createItem(entry) {
    const what = describeChange(entry);
    const when = h('time', { class: 'activity-when', datetime: entry.at, title: formatTime(entry.at) });
    const undo = h('button', {
      type: 'button', class: 'btn small activity-undo', 'aria-label': `Undo: ${entry.by} ${what}`, text: 'Undo',
    });
    const undone = h('span', { class: 'activity-undone', text: 'undone', hidden: true });
    const li = h('li', { class: 'activity-entry', dataset: { rev: String(entry.rev), type: entry.type } },
      h('span', { class: 'activity-text' }, h('strong', { class: 'activity-by', text: entry.by }), ` ${what}`),
      ' ', when, ' ', undo, undone);
    return { li, when, undo, undone };
  }
}
