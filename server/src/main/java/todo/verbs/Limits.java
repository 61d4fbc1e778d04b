package todo.verbs;

/**
 * The limits that keep one client from taking what everyone shares: password hashing, list and task counts, and
 * how much bulk work runs in one writer transaction. Immutable, so any thread may read it: the verbs apply the caps
 * and the bulk chunk ({@link Caps}, {@link Chunked}), the loop's fair hashing the two hashing shares.
 *
 * @param hashPerConnection password checks (register, login, profile.update, profile.delete) queued or running for
 *                          one connection; beyond it that request gets {@code rate_limited}
 * @param hashPerAddress    the same for all connections from one remote address (an IPv6 /64 counts as one)
 * @param tasksPerList      tasks one list may hold; a create beyond it gets {@code limit_exceeded}
 * @param listsPerUser      lists one user may be a member of (owned or shared); beyond it {@code limit_exceeded}
 * @param bulkChunk         tasks that {@code tasks.completeAll} and {@code tasks.clearCompleted} change per writer
 *                          transaction; others' writes run between two chunks
 * @param editingTimeoutMillis how long an editing mark ({@code task.editing}) lasts without a repeated
 *                          {@code editing: true}, so that a client that vanished without a word does not show as
 *                          editing for ever
 */
public record Limits(int hashPerConnection, int hashPerAddress, int tasksPerList, int listsPerUser, int bulkChunk,
                     int editingTimeoutMillis) {
    /** With the exclusive account verbs a connection has one check at a time; one more leaves room for none. */
    public static final int DEFAULT_HASH_PER_CONNECTION = 1;
    /** Enough for an office behind one NAT signing in at once; an attacker's flood queues behind only this many. */
    public static final int DEFAULT_HASH_PER_ADDRESS = 8;
    public static final int DEFAULT_TASKS_PER_LIST = 10_000;
    public static final int DEFAULT_LISTS_PER_USER = 1_000;
    /** About 10 ms of writer time per chunk on the development VM, so others' writes wait no longer than that. */
    public static final int DEFAULT_BULK_CHUNK = 500;
    /** Issue 10: a mark ends 30 s after the last {@code editing: true}; clients repeat it every 10 s. */
    public static final int DEFAULT_EDITING_TIMEOUT_MILLIS = 30_000;

    public Limits {
        if (hashPerConnection < 1 || hashPerAddress < 1 || tasksPerList < 1 || listsPerUser < 1 || bulkChunk < 1
                || editingTimeoutMillis < 1) {
            throw new IllegalArgumentException("every limit must be at least 1: " + this);
        }
    }

    public static Limits defaults() {
        return new Limits(DEFAULT_HASH_PER_CONNECTION, DEFAULT_HASH_PER_ADDRESS, DEFAULT_TASKS_PER_LIST,
                DEFAULT_LISTS_PER_USER, DEFAULT_BULK_CHUNK, DEFAULT_EDITING_TIMEOUT_MILLIS);
    }

    public Limits withHashPerConnection(int n) { return new Limits(n, hashPerAddress, tasksPerList, listsPerUser, bulkChunk, editingTimeoutMillis); }
    public Limits withHashPerAddress(int n) { return new Limits(hashPerConnection, n, tasksPerList, listsPerUser, bulkChunk, editingTimeoutMillis); }
    public Limits withTasksPerList(int n) { return new Limits(hashPerConnection, hashPerAddress, n, listsPerUser, bulkChunk, editingTimeoutMillis); }
    public Limits withListsPerUser(int n) { return new Limits(hashPerConnection, hashPerAddress, tasksPerList, n, bulkChunk, editingTimeoutMillis); }
    public Limits withBulkChunk(int n) { return new Limits(hashPerConnection, hashPerAddress, tasksPerList, listsPerUser, n, editingTimeoutMillis); }
    public Limits withEditingTimeoutMillis(int n) { return new Limits(hashPerConnection, hashPerAddress, tasksPerList, listsPerUser, bulkChunk, n); }
}
