// What the browser remembers between page loads, all in localStorage:
// the session token (and whose it is), the last opened list per user.
// The offline queue has its own key, see outbox.js.

const SESSION_KEY = 'todo.session';

function read(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value === null || value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the app still works, it just forgets across reloads.
  }
}

/** {token, username} or null. */
export function loadSavedSession() {
  const s = read(SESSION_KEY);
  return s && typeof s.token === 'string' && typeof s.username === 'string' ? s : null;
}

export function saveSession(token, username) {
  write(SESSION_KEY, { token, username });
}

export function clearSavedSession() {
  write(SESSION_KEY, null);
}

export function loadLastList(username) {
  const id = read(`todo.lastList.${username.toLowerCase()}`);
  return Number.isInteger(id) ? id : null;
}

export function saveLastList(username, listId) {
  write(`todo.lastList.${username.toLowerCase()}`, listId);
}

export { read as readStorage, write as writeStorage };
