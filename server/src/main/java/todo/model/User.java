package todo.model;

import java.time.Instant;

/** A registered user. {@code email} may be null. */
public record User(long id, String username, String email, Instant joined) {}
