package todo.verbs;

import todo.store.Repo;

/**
 * What a verb that changes a list names the list by, for the {@link RoleGate}: the list itself (a {@code list}
 * id) or one of its tasks (a {@code task} id). Immutable.
 */
public enum Target {
    /** The request's {@code list} field is the list. */
    LIST("list") {
        @Override
        void requireEditor(Repo repo, long userId, long id, boolean lock) {
            repo.lists().requireEditor(userId, id, lock);
        }
    },
    /** The request's {@code task} field is a task of the list. */
    TASK("task") {
        @Override
        void requireEditor(Repo repo, long userId, long id, boolean lock) {
            repo.tasks().requireEditor(userId, id, lock);
        }
    };

    private final String field;

    Target(String field) {
        this.field = field;
    }

    /** The request field holding the id. */
    public String field() {
        return field;
    }

    /** On a storage thread: {@code not_found} unless the user is a member, {@code forbidden} for a viewer. */
    abstract void requireEditor(Repo repo, long userId, long id, boolean lock);
}
