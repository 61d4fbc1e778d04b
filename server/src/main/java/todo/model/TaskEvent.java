package todo.model;

import java.util.List;

/**
 * One committed change to one task, to be broadcast to the list's subscribers.
 * For {@link Kind#DELETED} only {@code task.id()} and {@code task.list()} are meaningful on the wire.
 * {@code changed} lists the field names an update changed (empty for create and delete).
 */
public record TaskEvent(Kind kind, long list, long rev, String by, Task task, List<String> changed) {
    public enum Kind { CREATED, UPDATED, DELETED }
}
