package todo.model;

/** A user with the stored PBKDF2 parameters, for verifying a password off the loop thread. */
public record Credentials(User user, byte[] salt, byte[] hash, int iterations) {}
