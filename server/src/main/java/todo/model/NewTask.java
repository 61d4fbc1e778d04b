package todo.model;

/** A validated {@code task.create}: name trimmed and non-empty, note never null, due null or valid ISO. */
public record NewTask(String name, String note, String due, boolean completed, String key) {}
