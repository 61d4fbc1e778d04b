package todo.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One remembered task change of a list, as history shows it and undo reverts it. {@code task} is the task after
 * the change (for a deletion: as it was when deleted), with {@code rev} this change's rev. {@code changed} names
 * the fields an update or move changed (empty for a creation or deletion); {@code from} holds their old values
 * (a name, note, due, position as String, due possibly null; completed as Boolean). {@code undoes} is the rev of
 * the change this one undid, or null.
 */
public record Change(long rev, TaskEvent.Kind kind, String by, Instant at, Task task, List<String> changed,
                     Map<String, Object> from, Long undoes) {

    /** The history type: {@code created}, {@code updated}, {@code deleted}, or {@code moved} (position only). */
    public String type() {
        if (kind == TaskEvent.Kind.UPDATED && changed.equals(List.of("position"))) {
            return "moved";
        }
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The new value of a changed field, read from {@link #task}. */
    public Object to(String field) {
        return switch (field) {
            case "name" -> task.name();
            case "note" -> task.note();
            case "due" -> task.due();
            case "completed" -> task.completed();
            case "position" -> task.position();
            default -> throw new IllegalArgumentException("not a task field: " + field);
        };
    }
}
