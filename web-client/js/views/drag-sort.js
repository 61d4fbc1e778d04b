// Drag and drop of the rows of a list by their handle, with pointer events (mouse, pen and touch alike; the
// HTML drag-and-drop API does not work with touch). The row follows the pointer, a line shows where it will
// land, and dropping reports the row and where it went: {after: row} or {before: row}, rows being the
// visible ones. Escape, or a pointer that is lost, cancels. Touches only the DOM; the owner decides.

const START_PX = 4; // a press on the handle that moves less than this is not a drag

export class DragSort {
  /**
   * list: the <ul>; handle: selector of the handles inside its rows;
   * canStart(li) → boolean; onDrop(li, {after: li} | {before: li}) (never for a drop on its own place).
   */
  constructor(list, { handle, canStart, onDrop }) {
    this.list = list;
    this.handle = handle;
    this.canStart = canStart;
    this.onDrop = onDrop;
    this.drag = null; // {li, handle, pointerId, startY, started, target: {row, before}}

    list.addEventListener('pointerdown', (e) => this.down(e));
    list.addEventListener('pointermove', (e) => this.move(e));
    list.addEventListener('pointerup', (e) => this.up(e));
    list.addEventListener('pointercancel', () => this.cancel());
    list.addEventListener('lostpointercapture', () => this.cancel());
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.drag) {
        e.preventDefault();
        this.cancel();
      }
    }, true);
  }

  get active() {
    return this.drag !== null && this.drag.started;
  }

  down(e) {
    const handle = e.target.closest(this.handle);
    if (!handle || e.button !== 0 || this.drag) return;
    const li = handle.closest('li');
    if (!li || !this.canStart(li)) return;
    e.preventDefault(); // no text selection, no scrolling
    handle.setPointerCapture(e.pointerId);
    this.drag = { li, handle, pointerId: e.pointerId, startY: e.clientY, started: false, target: null };
  }

  move(e) {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointerId) return;
    const dy = e.clientY - drag.startY;
    if (!drag.started) {
      if (Math.abs(dy) < START_PX) return;
      drag.started = true;
      drag.li.classList.add('dragging');
      this.list.classList.add('sorting');
    }
    drag.li.style.transform = `translateY(${dy}px)`;
    this.mark(this.slotAt(e.clientY));
  }

  up(e) {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointerId) return;
    const slot = drag.started ? this.slotAt(e.clientY) : null;
    this.end();
    if (!slot) return;
    const rows = this.rows(drag.li);
    const next = rows.find((r) => drag.li.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING) ?? null;
    if (slot.before === next) return; // dropped where it was
    if (slot.before === null) this.onDrop(drag.li, { after: rows[rows.length - 1] });
    else if (slot.before === rows[0]) this.onDrop(drag.li, { before: rows[0] });
    else this.onDrop(drag.li, { after: rows[rows.indexOf(slot.before) - 1] });
  }

  cancel() {
    if (this.drag) this.end();
  }

  end() {
    const { li, handle, pointerId } = this.drag;
    this.drag = null;
    li.classList.remove('dragging');
    li.style.transform = '';
    this.list.classList.remove('sorting');
    this.mark(null);
    if (handle.hasPointerCapture(pointerId)) handle.releasePointerCapture(pointerId);
  }

  /** The rows other than `dragged`, top to bottom. */
  rows(dragged) {
    return [...this.list.children].filter((r) => r !== dragged && !r.hidden);
  }

  /** Where a drop at `y` lands: {before: the first row whose middle is below y, or null for the end}. */
  slotAt(y) {
    const rows = this.rows(this.drag.li);
    if (!rows.length) return null;
    const before = rows.find((r) => {
      const box = r.getBoundingClientRect();
      return y < box.top + box.height / 2;
    }) ?? null;
    return { before };
  }

  /** Shows the drop line above `slot.before` (or below the last row). */
  mark(slot) {
    for (const r of this.list.querySelectorAll('.drop-before, .drop-after')) r.classList.remove('drop-before', 'drop-after');
    if (!slot || !this.drag) return;
    const rows = this.rows(this.drag.li);
    if (slot.before) slot.before.classList.add('drop-before');
    else if (rows.length) rows[rows.length - 1].classList.add('drop-after');
  }
}
