// The only way views build elements: createElement, attributes and textContent. User text never
// reaches an HTML parser, so a task called "<img src=x onerror=...>" stays text.

/**
 * h('li', {class: 'x', text: 'hi', 'aria-label': 'y', onclick: fn}, child, ...)
 * Props: `class`, `text` (textContent), `dataset` (object), `on<event>` (listener), booleans set as
 * properties (`hidden`, `checked`, `disabled`), everything else as an attribute.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (typeof value === 'boolean') el[key] = value;
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Appends nodes and strings (as text nodes); skips null, undefined and false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Sets textContent only when it differs (keeps selection and avoids needless mutations). */
export function setText(el, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (el.textContent !== value) el.textContent = value;
}

/** Shows or hides with the `hidden` attribute. */
export function show(el, visible) {
  if (el.hidden === visible) el.hidden = !visible;
}

/** Puts `el` right after `previous` (first, when null) in `parent`, moving it only when it is elsewhere; returns `el`. */
export function placeAfter(parent, el, previous) {
  const expected = previous ? previous.nextSibling : parent.firstChild;
  if (expected !== el) parent.insertBefore(el, expected);
  return el;
}

/** Keyed rendering's last step: removes from the page and from `items` (key -> {li}) every key not in `seen`. */
export function dropUnseen(items, seen) {
  for (const [key, item] of items) {
    if (!seen.has(key)) {
      item.li.remove();
      items.delete(key);
    }
  }
}
