// TodoMVC's routes: #/ (all), #/active, #/completed. The hash is the only state, so a filter survives a
// reload and the back button walks through the filters.

const ROUTES = { '#/': 'all', '#/active': 'active', '#/completed': 'completed' };

export function currentFilter() {
  return ROUTES[window.location.hash] ?? 'all';
}

/** Calls `onChange(filter)` now and on every hash change. */
export function startRouter(onChange) {
  window.addEventListener('hashchange', () => onChange(currentFilter()));
  onChange(currentFilter());
}

export function matchesFilter(task, filter) {
  if (filter === 'active') return !task.completed;
  if (filter === 'completed') return task.completed;
  return true;
}
