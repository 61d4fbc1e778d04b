package todo.model;

import java.time.Instant;

/**
 * A task. {@code note} is never null (empty when unset); {@code due} is null, an ISO date or an ISO date-time
 * with offset, stored as sent. {@code rev} is the list rev at which the task last changed.
 * {@code createdBy}/{@code updatedBy} are usernames recorded at the time of the change.
 */
public record Task(long id, long list, String name, String note, String due, boolean completed,
                   Instant created, Instant updated, String createdBy, String updatedBy, long rev) {}
