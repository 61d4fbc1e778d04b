package todo.verbs;

/**
 * Who a request runs as: the signed-in user and the hash of the token they signed in with. Immutable, so a verb
 * may capture it in work it hands to storage threads; a new one is made at each sign-in.
 */
public record Identity(long userId, String username, byte[] tokenHash) {}
