// Modal dialogs: confirmation (delete a list, leave a list) and edit conflicts.

import { $, h, setText } from '../dom.js';
import { quoted } from '../format.js';

function openModal(dialog, onClose) {
  const returnTo = document.activeElement;
  dialog.addEventListener('close', () => {
    onClose(dialog.returnValue);
    if (returnTo && returnTo.isConnected && typeof returnTo.focus === 'function') returnTo.focus();
  }, { once: true });
  dialog.returnValue = '';
  dialog.showModal();
}

/** Resolves true when the person confirms. */
export function confirmAction({ title, message, confirmLabel }) {
  const dialog = $('#confirm-dialog');
  setText($('#confirm-heading', dialog), title);
  setText($('#confirm-message', dialog), message);
  const ok = $('.confirm-ok', dialog);
  const cancel = $('.confirm-cancel', dialog);
  setText(ok, confirmLabel);
  return new Promise((resolve) => {
    const onOk = () => dialog.close('ok');
    const onCancel = () => dialog.close('cancel');
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    openModal(dialog, (value) => {
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      resolve(value === 'ok');
    });
    cancel.focus();
  });
}

const FIELD_NAMES = { name: 'Name', note: 'Note', due: 'Due date', completed: 'Completed' };

function show(value) {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return String(value);
}

/**
 * Shows one conflict at a time; resolves 'mine' (overwrite with mine) or 'theirs' (keep theirs).
 * conflict: {current: task now, mine: {field: my value}}
 */
export class ConflictDialog {
  constructor() {
    this.dialog = $('#conflict-dialog');
    this.queue = Promise.resolve();
  }

  ask(conflict) {
    const next = this.queue.then(() => this.askNow(conflict));
    this.queue = next.catch(() => {});
    return next;
  }

  askNow({ current, mine }) {
    const dialog = this.dialog;
    setText($('.conflict-message', dialog),
      `${quoted(current.name)} was changed by ${current.updatedBy} while you were editing it. Which version should it keep?`);
    const rows = [];
    for (const [field, value] of Object.entries(mine)) {
      rows.push(
        h('dt', { text: `${FIELD_NAMES[field] ?? field}, theirs` }),
        h('dd', { class: 'conflict-theirs-value', text: show(current[field]) }),
        h('dt', { text: `${FIELD_NAMES[field] ?? field}, yours` }),
        h('dd', { class: 'conflict-mine-value', text: show(value) }),
      );
    }
    $('.conflict-values', dialog).replaceChildren(...rows);
    const theirs = $('.conflict-theirs', dialog);
    const minesButton = $('.conflict-mine', dialog);
    return new Promise((resolve) => {
      const onTheirs = () => dialog.close('theirs');
      const onMine = () => dialog.close('mine');
      theirs.addEventListener('click', onTheirs);
      minesButton.addEventListener('click', onMine);
      openModal(dialog, (value) => {
        theirs.removeEventListener('click', onTheirs);
        minesButton.removeEventListener('click', onMine);
        resolve(value === 'mine' ? 'mine' : 'theirs');
      });
      theirs.focus();
    });
  }
}
