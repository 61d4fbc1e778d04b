package todo.model;

import java.time.Instant;

/**
 * A task. {@code note} is never null (empty when unset); {@code due} is null, an ISO date or an ISO date-time
 * with offset, stored as sent. {@code rev} is the list rev at which the task last changed.
 * {@code createdBy}/{@code updatedBy} are usernames recorded at the time of the change. {@code position} is the
 * task's fractional key in its list (non-empty; a list shows its tasks by position, then id, in byte order); null
 * only on the id-only stand-in of a deleted task.
 */
public record Task(long id, long list, String name, String note, String due, boolean completed,
                   Instant created, Instant updated, String createdBy, String updatedBy, long rev, String position) {}
