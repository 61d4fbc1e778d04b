// Pure text helpers: plurals, dates, due-date status. No DOM here.

/** "1 item", "2 items", "0 items". */
export function plural(n, word, words = word + 's') {
  return n === 1 ? word : words;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** The local calendar date of a Date as YYYY-MM-DD. */
export function localDate(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * How a due value stands against `now`: null (no due date), 'overdue', 'today' or 'later'.
 * A plain date is due all day (overdue from the next day on); a date-time is overdue once it has passed.
 */
export function dueStatus(due, now = new Date()) {
  if (!due) return null;
  const today = localDate(now);
  if (DATE_ONLY.test(due)) {
    if (due < today) return 'overdue';
    return due === today ? 'today' : 'later';
  }
  const at = new Date(due);
  if (Number.isNaN(at.getTime())) return null;
  if (at.getTime() < now.getTime()) return 'overdue';
  return localDate(at) === today ? 'today' : 'later';
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** A due value for people: "3 Dec 2026" or "3 Dec 2026, 17:00". */
export function formatDue(due) {
  if (!due) return '';
  if (DATE_ONLY.test(due)) {
    const [y, m, d] = due.split('-').map(Number);
    return dateFormat.format(new Date(y, m - 1, d));
  }
  const at = new Date(due);
  return Number.isNaN(at.getTime()) ? due : dateTimeFormat.format(at);
}

/** A server instant for people. */
export function formatTime(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : dateTimeFormat.format(at);
}

/** The text of a due badge: "Overdue: 3 Dec 2026", "Due today", "Due 3 Dec 2026". */
export function dueLabel(due, status) {
  if (!due) return '';
  if (status === 'overdue') return `Overdue: ${formatDue(due)}`;
  if (status === 'today') return DATE_ONLY.test(due) ? 'Due today' : `Due today, ${timeFormat.format(new Date(due))}`;
  return `Due ${formatDue(due)}`;
}

/** The date part of a due value, for an <input type="date">. */
export function dueDateInputValue(due) {
  if (!due) return '';
  if (DATE_ONLY.test(due)) return due;
  const at = new Date(due);
  return Number.isNaN(at.getTime()) ? '' : localDate(at);
}

/** A fresh random key for an idempotent task.create (works outside secure contexts too). */
export function randomKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Quote a user-chosen name in messages. */
export function quoted(text) {
  const s = String(text ?? '');
  return `“${s.length > 60 ? s.slice(0, 57) + '…' : s}”`;
}

/** Who else is editing: "" (nobody), "bob is editing…", "bob and carol are editing…", "bob, carol and dan are editing…". */
export function editingText(users) {
  if (!users || users.length === 0) return '';
  if (users.length === 1) return `${users[0]} is editing…`;
  return `${users.slice(0, -1).join(', ')} and ${users[users.length - 1]} are editing…`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** A past server instant for people, relative while recent: "just now", "5 minutes ago", else the date and time. */
export function formatAgo(iso, now = Date.now()) {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso ?? '';
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return relative.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 6 * 3600) return relative.format(-Math.round(seconds / 3600), 'hour');
  return formatTime(iso);
}

const FIELD_WORDS = { name: 'name', note: 'note', due: 'due date', completed: 'state', position: 'place' };

/** "a", "a and b", "a, b and c". */
function joinWords(words) {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** What a history entry did, after its author's name: "completed “Milk”", "renamed “Milk” to “Oat milk”". */
export function describeChange(entry) {
  const name = quoted(entry.task?.name);
  const changed = entry.changed ?? [];
  const from = entry.from ?? {};
  const to = entry.to ?? {};
  if (entry.type === 'created') return `added ${name}`;
  if (entry.type === 'deleted') return `deleted ${name}`;
  if (entry.type === 'moved') return `moved ${name}`;
  if (changed.length === 1) {
    const [field] = changed;
    if (field === 'completed') return `${to.completed ? 'completed' : 'reopened'} ${name}`;
    if (field === 'name') return `renamed ${quoted(from.name)} to ${quoted(to.name)}`;
    if (field === 'note') return to.note ? `changed the note of ${name}` : `removed the note of ${name}`;
    if (field === 'due') return to.due ? `set the due date of ${name} to ${formatDue(to.due)}` : `removed the due date of ${name}`;
  }
  return `changed the ${joinWords(changed.map((f) => FIELD_WORDS[f] ?? f))} of ${name}`;
}
