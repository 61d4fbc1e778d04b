package todo.model;

/**
 * The fields a {@code task.update} sets. A null {@code name}, {@code note} or {@code completed} means "leave as is";
 * {@code due} is only applied when {@code dueSet} is true (and then null clears it).
 */
public record TaskPatch(String name, String note, boolean dueSet, String due, Boolean completed) {

    public boolean isEmpty() {
        return name == null && note == null && !dueSet && completed == null;
    }
}
