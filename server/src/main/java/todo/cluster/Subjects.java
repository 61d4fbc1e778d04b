package todo.cluster;

/** The NATS subjects: one per list, one per user (issue 9). Stateless. */
final class Subjects {
    private Subjects() {}

    static final String LIST_PREFIX = "todo.list.";
    static final String USER_PREFIX = "todo.user.";

    static String list(long id) {
        return LIST_PREFIX + id;
    }

    static String user(long id) {
        return USER_PREFIX + id;
    }
}
