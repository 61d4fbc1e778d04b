package todo.model;

import java.util.List;

/**
 * What {@code subscribe} answers: the list, its rev (the baseline for the events that follow), and either all
 * its tasks ({@code full}) or those changed after {@code since} plus the ids deleted after it.
 */
public record Snapshot(TodoList list, long rev, boolean full, List<Task> tasks, List<Long> deleted) {}
