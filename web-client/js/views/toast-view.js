// The undo toast: "Completed “Milk” [Undo] [×]" after a change of mine, for a few seconds, one at a time.
// It belongs to the list the change was made in and hides when another list is opened.

import { $, setText, show } from '../dom.js';

const TOAST_MS = 10_000;

export class ToastView {
  constructor(root) {
    this.root = root;
    this.text = $('.toast-text', root);
    this.undoButton = $('.toast-undo', root);
    this.onUndo = null;
    this.listId = null;
    this.timer = null;
    this.undoButton.addEventListener('click', () => {
      const onUndo = this.onUndo;
      this.hide();
      if (onUndo) onUndo();
    });
    $('.toast-close', root).addEventListener('click', () => this.hide());
  }

  /** Shows `text` with an Undo button that calls `onUndo`, for the change just made in list `listId`. */
  show(text, onUndo, listId) {
    setText(this.text, `${text}.`);
    this.onUndo = onUndo;
    this.listId = listId;
    show(this.root, true);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), TOAST_MS);
  }

  hide() {
    clearTimeout(this.timer);
    this.onUndo = null;
    this.listId = null;
    show(this.root, false);
  }

  /** Called on every render: a toast about another list than the open one goes. */
  render(currentListId) {
    if (this.listId !== null && this.listId !== currentListId) this.hide();
  }
}
