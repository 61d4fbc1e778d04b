// Shared form plumbing: read values, show a server message next to the field it concerns (found by the
// field name the message starts with, or by the error code), clear messages, busy state.
// Each input `X` has its message element `X-error` (by id) and points at it with aria-describedby.

import { setText } from '../dom.js';

export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (el.name && 'value' in el) out[el.name] = el.value;
  }
  return out;
}

export function clearErrors(form) {
  for (const el of form.elements) {
    if (el.id) {
      el.removeAttribute('aria-invalid');
      const msg = document.getElementById(`${el.id}-error`);
      if (msg) setText(msg, '');
    }
  }
  const formError = form.querySelector('.form-error');
  if (formError) setText(formError, '');
}

/** Puts `message` next to the input named `name` (or in the form's general message spot). */
export function showFieldError(form, name, message) {
  const input = name ? form.elements.namedItem(name) : null;
  const spot = input && input.id ? document.getElementById(`${input.id}-error`) : null;
  if (spot) {
    setText(spot, message);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  const formError = form.querySelector('.form-error');
  if (formError) setText(formError, message);
}

/**
 * Shows a failed reply next to the right field.
 * `byError` maps error codes to field names (e.g. {bad_credentials: 'password'}); otherwise the
 * field is the first of `fields` that the message starts with ("password must be 8–1024 characters").
 * `aliases` maps protocol field names to input names ({username: 'share-username'}).
 */
export function showReplyError(form, reply, { fields = [], byError = {}, aliases = {} } = {}) {
  const message = sentence(reply.error === 'offline'
    ? 'You are offline. Try again when the connection is back'
    : reply.message || reply.error);
  let field = byError[reply.error] ?? null;
  if (!field) {
    const lower = String(reply.message ?? '').toLowerCase();
    field = fields.find((f) => lower.startsWith(f.toLowerCase())) ?? null;
  }
  if (field && aliases[field]) field = aliases[field];
  showFieldError(form, field, message);
}

function sentence(text) {
  const s = String(text ?? '').trim();
  if (!s) return 'Something went wrong.';
  const first = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** Disables the submit button while a request runs; returns a function that re-enables it. */
export function busy(form) {
  const buttons = [...form.querySelectorAll('button[type="submit"]')];
  for (const b of buttons) b.disabled = true;
  form.setAttribute('aria-busy', 'true');
  return () => {
    for (const b of buttons) b.disabled = false;
    form.removeAttribute('aria-busy');
  };
}
