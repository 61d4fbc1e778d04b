package todo.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import todo.model.Credentials;
import todo.model.Member;
import todo.model.Role;
import todo.model.Task;
import todo.model.User;

/** Maps result rows to model records, and instants to and from the stored epoch milliseconds. */
final class Rows {
    private Rows() {}

    /** A list row before its members are attached. */
    record ListRow(long id, String title, long ownerId, long rev, long floorRev, Instant created) {}

    /** A member row of {@link Dialect#membersOfList} or {@link Dialect#membersOfUsersLists}. */
    record MemberRow(long listId, Member member) {}

    /** A member's role in a list, as the role gate reads it; the role is null when the stored text is unknown. */
    record Membership(long listId, Role role) {}

    static Membership membership(ResultSet rs) throws SQLException {
        return new Membership(rs.getLong(1), Role.fromWire(rs.getString(2)));
    }

    /** Millisecond precision is what is stored, so it is what every returned instant has. */
    static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    /** Columns of {@link Sql#USER_COLUMNS}. */
    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
            instant(rs.getLong("joined")));
    }

    /** Columns of {@link Sql#USER_COLUMNS}. */
    static Credentials credentials(ResultSet rs) throws SQLException {
        return new Credentials(user(rs), rs.getBytes("salt"), rs.getBytes("hash"), rs.getInt("iterations"));
    }

    static ListRow list(ResultSet rs) throws SQLException {
        return new ListRow(rs.getLong("id"), rs.getString("title"), rs.getLong("owner_id"), rs.getLong("rev"),
            rs.getLong("floor_rev"), instant(rs.getLong("created")));
    }

    static MemberRow member(ResultSet rs) throws SQLException {
        String role = rs.getString(4);
        Role r = Role.fromWire(role);
        if (r == null) {
            throw new StorageException("member " + rs.getLong(2) + " of list " + rs.getLong(1) + " has role " + role,
                null);
        }
        return new MemberRow(rs.getLong(1), new Member(rs.getLong(2), rs.getString(3), r));
    }

    /** Columns of {@link Sql#TASK_COLUMNS}, by position: this runs once per task of every snapshot. */
    static Task task(ResultSet rs) throws SQLException {
        return new Task(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getBoolean(6), instant(rs.getLong(7)), instant(rs.getLong(8)), rs.getString(9), rs.getString(10),
            rs.getLong(11), rs.getString(12));
    }
}
