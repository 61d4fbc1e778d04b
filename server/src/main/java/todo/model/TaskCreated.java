package todo.model;

/** The result of {@code task.create}: the task, and the event to broadcast (null when the key replayed). */
public record TaskCreated(Task task, TaskEvent event, boolean deletedSince) {}
