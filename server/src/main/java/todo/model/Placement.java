package todo.model;

/**
 * Where {@code task.move} puts a task: right after task {@code taskId} ({@code after}) or right before it; a null
 * {@code taskId} means the top (after) or the bottom (before).
 */
public record Placement(boolean after, Long taskId) {}
