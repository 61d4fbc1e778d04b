package todo.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Creates the writer holds back to send as one statement ({@link Dialect#createTasks}): on PostgreSQL each
 * statement is a round trip, and a burst of creates into one list was bound by them (one per create). A create
 * takes its id from a block drawn ahead ({@link Dialect#taskIds}) and its rev from the transaction's cache, so its
 * reply needs nothing back from the database. {@link Statements} sends what is held before any other statement of
 * the transaction, so every later read sees it, and the writer sends it before COMMIT; a failure there fails the
 * op whose statement triggered it, and the writer redoes the batch with savepoints, holding nothing back. Confined
 * to the writer thread, like its {@link Repo}.
 */
final class PendingCreates {
    /**
     * One held-back create: the task as inserted, by {@code by} at {@code created}; {@code at} stamps the change;
     * {@code key} (null for none) is the idempotency key of user {@code userId}, recorded with the task.
     */
    record Row(long id, long listId, String name, String note, String due, boolean completed, long created, String by,
            long rev, String position, long at, long userId, String key) {
    }

    /** Task ids drawn per round trip: a full batch of creates takes one block. */
    static final int ID_BLOCK = Writer.MAX_BATCH;

    private final String insert;
    private final String drawIds;
    private final List<Row> held = new ArrayList<>();
    private final Set<Long> lists = new HashSet<>();
    /** Ids drawn and not used yet: a sequence never gives them again, so they stay good across transactions. */
    private final ArrayList<Long> spareIds = new ArrayList<>();
    private boolean enabled;
    private boolean checksKeys;
    private long sent;
    private long statements;

    /** @param dialect with {@link Dialect#createTasks} and {@link Dialect#taskIds} */
    PendingCreates(Dialect dialect) {
        this.insert = dialect.createTasks();
        this.drawIds = dialect.taskIds();
    }

    /** The statement this sends: {@link Statements} must not send what is held before it. */
    String statement() {
        return insert;
    }

    /**
     * A transaction starts: nothing is held or counted as sent; creates are held back only when {@code enabled},
     * and keyed ones only unless {@code checksKeys} (then each looks its key up first, as when a held-back key
     * turned out to exist already).
     */
    void begin(boolean enabled, boolean checksKeys) {
        held.clear();
        lists.clear();
        sent = 0;
        statements = 0;
        this.enabled = enabled;
        this.checksKeys = checksKeys;
    }

    /** Whether keyed creates are looked up rather than held back in this transaction. */
    boolean checksKeys() {
        return checksKeys;
    }

    /** Whether a create may be held back now. */
    boolean enabled() {
        return enabled;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** A task id for a create about to be held back; draws a block when none is spare (one round trip). */
    long nextId(Statements st) {
        if (spareIds.isEmpty()) {
            spareIds.addAll(st.list(drawIds, rs -> rs.getLong(1), ID_BLOCK));
            if (spareIds.isEmpty()) {
                throw new StorageException("drawing task ids answered none", null);
            }
            // Used from the end: reversed, the lowest id goes first.
            Collections.reverse(spareIds);
        }
        return spareIds.remove(spareIds.size() - 1);
    }

    /** Holds back one create. */
    void add(Row row) {
        held.add(row);
        lists.add(row.listId());
    }

    /** Whether a create into the list is held back. */
    boolean holds(long listId) {
        return lists.contains(listId);
    }

    /** Sends what is held as one statement, and holds nothing after (even when it fails: the batch is redone). */
    void flush(Statements st) {
        if (held.isEmpty()) {
            return;
        }
        List<Row> rows = new ArrayList<>(held);
        held.clear();
        lists.clear();
        Object[] params = {
            column(rows, Row::id, Long[]::new), column(rows, Row::listId, Long[]::new),
            column(rows, Row::name, String[]::new), column(rows, Row::note, String[]::new),
            column(rows, Row::due, String[]::new), column(rows, Row::completed, Boolean[]::new),
            column(rows, Row::created, Long[]::new), column(rows, Row::by, String[]::new),
            column(rows, Row::rev, Long[]::new), column(rows, Row::position, String[]::new),
            column(rows, Row::at, Long[]::new), column(rows, Row::userId, Long[]::new),
            column(rows, Row::key, String[]::new),
        };
        st.update(insert, params);
        sent += rows.size();
        statements++;
    }

    private static <T> T[] column(List<Row> rows, Function<Row, T> field, IntFunction<T[]> array) {
        T[] out = array.apply(rows.size());
        for (int i = 0; i < out.length; i++) {
            out[i] = field.apply(rows.get(i));
        }
        return out;
    }

    /** Creates held back and sent in this transaction, and the statements that sent them. */
    long[] sent() {
        return new long[] {sent, statements};
    }
}
