package todo.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import todo.model.Member;
import todo.model.Role;
import todo.model.Task;
import todo.model.TaskEvent;
import todo.model.TodoList;

/**
 * Reads what several nodes need from the shared database (issue 9): the task changes of a list between two revs,
 * from the {@code changes} table ({@link ChangeLog} writes it), to fill a gap in what the bus delivered; and the
 * current rev of several lists, to find changes the bus never delivered. PostgreSQL only: on SQLite there is one
 * node and no bus, and these are never called. Confined to the thread that owns its {@link Repo}'s connection.
 */
public final class ChangeReads {
    static final String BETWEEN =
        "SELECT rev, kind, task_id, by_name, changed, name, note, due, completed, created, updated, created_by,"
            + " updated_by, position FROM changes WHERE list_id = ? AND rev > ? AND rev <= ? ORDER BY rev LIMIT ?";
    static final String REVS = "SELECT id, rev FROM lists WHERE id = ANY(?)";
    static final String MEMBERS = "SELECT list_id, user_id FROM members WHERE list_id = ANY(?)";
    static final String TOKENS = "SELECT user_id, hash FROM tokens WHERE user_id = ANY(?)";
    /** Each list's members are aggregated once, however many of the users asked about are in it. */
    static final String MEMBERSHIPS = "WITH mine AS (SELECT user_id, list_id, role FROM members"
        + " WHERE user_id = ANY(?)), everyone AS (SELECT list_id, string_agg(user_id || ':' || role, ','"
        + " ORDER BY user_id) AS members FROM members WHERE list_id IN (SELECT list_id FROM mine) GROUP BY list_id)"
        + " SELECT mine.user_id, mine.list_id, mine.role, l.title, everyone.members FROM mine"
        + " JOIN lists l ON l.id = mine.list_id JOIN everyone ON everyone.list_id = mine.list_id";

    /**
     * What the database says about a node's sessions: the members of each list asked about that still exists,
     * the token hashes of each user asked about that still exists, and each of those users' lists with their
     * membership (a user with no list has no entry).
     */
    public record Audit(Map<Long, Set<Long>> members, Map<Long, List<byte[]>> tokens,
                        Map<Long, Map<Long, Membership>> memberships) {}

    /**
     * A user's place in a list as a member sees it: their role, the list's title, and its members with their
     * roles ({@link #membersOf}), so that another member added, removed or given a new role also differs.
     */
    public record Membership(Role role, String title, String members) {
        /** What {@code user} sees of {@code list}; null when they are not a member of it. */
        public static Membership of(TodoList list, long user) {
            Role role = list.roleOf(user);
            return role == null ? null : new Membership(role, list.title(), membersOf(list.members()));
        }

        /** The members as {@link #MEMBERSHIPS} writes them: {@code id:role}, by id, comma-separated. */
        static String membersOf(List<Member> members) {
            StringBuilder out = new StringBuilder();
            members.stream().sorted(Comparator.comparingLong(Member::id)).forEach(m ->
                out.append(out.length() == 0 ? "" : ",").append(m.id()).append(':').append(m.role().wire()));
            return out.toString();
        }
    }

    private final Statements st;

    ChangeReads(Statements st) {
        this.st = st;
    }

    /**
     * The list's task events with {@code after < rev <= upTo}, in rev order, at most {@code limit}. A rev may be
     * missing from the answer when its row was pruned (kept: 30 days or 10,000 changes per list).
     */
    public List<TaskEvent> between(long listId, long after, long upTo, int limit) {
        return st.list(BETWEEN, rs -> {
            long rev = rs.getLong(1);
            TaskEvent.Kind kind = TaskEvent.Kind.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT));
            long taskId = rs.getLong(3);
            String by = rs.getString(4);
            String changed = rs.getString(5);
            Task task = kind == TaskEvent.Kind.DELETED
                ? new Task(taskId, listId, null, "", null, false, null, null, null, null, rev, null)
                : new Task(taskId, listId, rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9),
                    Rows.instant(rs.getLong(10)), Rows.instant(rs.getLong(11)), rs.getString(12), rs.getString(13),
                    rev, rs.getString(14));
            List<String> fields = changed == null || changed.isEmpty() ? List.of() : Arrays.asList(changed.split(","));
            return new TaskEvent(kind, listId, rev, by, task, List.copyOf(fields));
        }, listId, after, upTo, limit);
    }

    /** The members of these lists and the tokens of these users ({@link Audit}). */
    public Audit audit(long[] listIds, long[] userIds) {
        Map<Long, Set<Long>> members = new HashMap<>();
        for (long[] row : st.list(MEMBERS, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, (Object) listIds)) {
            members.computeIfAbsent(row[0], id -> new HashSet<>()).add(row[1]);
        }
        Map<Long, List<byte[]>> tokens = new HashMap<>();
        st.list(TOKENS, rs -> tokens.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getBytes(2)),
            (Object) userIds);
        return new Audit(members, tokens, memberships(userIds));
    }

    /** Each of these users' lists with their membership, by user (a user with no list has no entry). */
    public Map<Long, Map<Long, Membership>> memberships(long[] userIds) {
        Map<Long, Map<Long, Membership>> memberships = new HashMap<>();
        st.list(MEMBERSHIPS, rs -> memberships.computeIfAbsent(rs.getLong(1), id -> new HashMap<>())
            .put(rs.getLong(2), new Membership(Role.fromWire(rs.getString(3)), rs.getString(4), rs.getString(5))),
            (Object) userIds);
        return memberships;
    }

    /** The current rev of each of these lists that still exists, by id. */
    public Map<Long, Long> revs(long[] listIds) {
        Map<Long, Long> out = new HashMap<>();
        for (long[] row : st.list(REVS, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, (Object) listIds)) {
            out.put(row[0], row[1]);
        }
        return out;
    }
}
