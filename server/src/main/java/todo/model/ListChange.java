package todo.model;

/**
 * A committed change to a list's existence, title or members.
 * {@code before} is null for a creation, {@code after} null for a deletion. Who hears what
 * ({@code list.added}, {@code list.updated}, {@code list.removed}) follows from the two member sets.
 */
public record ListChange(TodoList before, TodoList after) {}
