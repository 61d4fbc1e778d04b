package todo.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.ListChange;
import todo.model.Member;
import todo.model.Role;
import todo.model.TodoList;
import todo.model.User;

/**
 * The lists repository: lists and their members. A user who is not a member of a list gets {@code not_found} for
 * it, exactly as for a list that does not exist; only the owner may share, change roles, unshare others or delete
 * ({@code forbidden}); a viewer may not change the list ({@link #requireEditor}). Used on one storage thread,
 * inside the transaction that thread runs around each op.
 */
public final class Lists {
    private final Statements st;
    private final String userByName;
    private final String membersOfList;
    private final String membersOfUsersLists;
    private final ListLocks locks;
    private final TxCache cache;

    Lists(Statements st, Dialect dialect, ListLocks locks, TxCache cache) {
        this.st = st;
        this.locks = locks;
        this.cache = cache;
        this.userByName = dialect.userByName();
        this.membersOfList = dialect.membersOfList();
        this.membersOfUsersLists = dialect.membersOfUsersLists();
    }

    // ---- reading -------------------------------------------------------------------------------------------

    /** The list with its members, or null when it does not exist. */
    TodoList load(long listId) {
        Rows.ListRow row = st.one(Sql.LIST_BY_ID, Rows::list, listId);
        if (row == null) {
            return null;
        }
        List<Member> members = st.list(membersOfList, rs -> Rows.member(rs).member(), listId);
        return assemble(row, members);
    }

    /**
     * The list if {@code userId} is a member of it, else {@code not_found}. Membership is checked first, with the
     * one statement that a missing list also costs, so the time to refuse does not tell whether the list exists.
     */
    public TodoList listFor(long userId, long listId) {
        requireMember(userId, listId);
        TodoList list = load(listId);
        if (list == null || !list.hasMember(userId)) {
            throw ApiException.notFound("list");
        }
        return list;
    }

    /** Throws {@code not_found} for the list unless {@code userId} is a member of it. */
    void requireMember(long userId, long listId) {
        if (role(userId, listId) == null) {
            throw ApiException.notFound("list");
        }
    }

    /** The rev below which deletions are forgotten; callers have checked the list exists. */
    long floorRev(long listId) {
        return st.one(Sql.LIST_BY_ID, Rows::list, listId).floorRev();
    }

    /** How many lists the user is a member of, owned or shared. */
    public int countFor(long userId) {
        return (int) st.returningLong(Sql.COUNT_LISTS_OF_USER, userId);
    }

    /** The lists the user is a member of (owned included), ordered by id. */
    public List<TodoList> listsFor(long userId) {
        List<Rows.ListRow> rows = st.list(Sql.LISTS_OF_USER, Rows::list, userId);
        Map<Long, List<Member>> members = new LinkedHashMap<>();
        for (Rows.MemberRow m : st.list(membersOfUsersLists, Rows::member, userId)) {
            members.computeIfAbsent(m.listId(), id -> new ArrayList<>()).add(m.member());
        }
        List<TodoList> out = new ArrayList<>(rows.size());
        for (Rows.ListRow row : rows) {
            out.add(assemble(row, members.getOrDefault(row.id(), List.of())));
        }
        return out;
    }

    // ---- writing -------------------------------------------------------------------------------------------

    public ListChange create(long ownerId, String title, Instant now) {
        if (!st.exists(Sql.USER_BY_ID, ownerId)) {
            throw ApiException.notFound("user");
        }
        long id = st.returningLong(Sql.INSERT_LIST, title, ownerId, Rows.millis(now));
        st.update(Sql.INSERT_MEMBER, id, ownerId, Role.OWNER.wire());
        return new ListChange(null, load(id));
    }

    /** Any member may rename. */
    public ListChange rename(long userId, long listId, String title) {
        locks.lock(listId);
        TodoList before = listFor(userId, listId);
        st.update(Sql.RENAME_LIST, title, listId);
        return new ListChange(before, load(listId));
    }

    /** Owner only ({@code forbidden} for other members). Deletes the list's tasks too. */
    public ListChange delete(long userId, long listId) {
        TodoList before = ownedBy(userId, listId, "only the owner can delete a list");
        // Members, tasks, task keys and tombstones go with it (ON DELETE CASCADE).
        st.update(Sql.DELETE_LIST, listId);
        return new ListChange(before, null);
    }

    /** {@link #share(long, long, String, Role)} with no role named: a new member becomes an editor. */
    public ListChange share(long userId, long listId, String username) {
        return share(userId, listId, username, null);
    }

    /**
     * Owner only; unknown username gives {@code not_found}. A new member gets {@code role} ({@link
     * Role#DEFAULT_SHARED} when null). Sharing with an existing member changes nothing when {@code role} is null or
     * theirs already, and otherwise changes their role as {@link #setRole} does.
     */
    public ListChange share(long userId, long listId, String username, Role role) {
        TodoList before = ownedBy(userId, listId, "only the owner can share a list");
        User target = st.one(userByName, Rows::user, username);
        if (target == null) {
            throw ApiException.notFound("user");
        }
        if (before.hasMember(target.id())) {
            return role == null ? new ListChange(before, before) : changeRole(before, target.id(), role);
        }
        st.update(Sql.INSERT_MEMBER, listId, target.id(), (role == null ? Role.DEFAULT_SHARED : role).wire());
        return new ListChange(before, load(listId));
    }

    /**
     * Owner only ({@code forbidden}): gives a member another role, {@code editor} or {@code viewer}. A username
     * that is not a member's gives {@code not_found}; the owner's own role cannot change ({@code bad_request}).
     * Giving a member the role they have changes nothing.
     */
    public ListChange setRole(long userId, long listId, String username, Role role) {
        TodoList before = ownedBy(userId, listId, "only the owner can change roles");
        User target = st.one(userByName, Rows::user, username);
        if (target == null || !before.hasMember(target.id())) {
            throw ApiException.notFound("member");
        }
        return changeRole(before, target.id(), role);
    }

    /**
     * The list, under its lock, when {@code userId} owns it: {@code not_found} for a non-member, {@code forbidden}
     * with {@code refusal} for any other member.
     */
    private TodoList ownedBy(long userId, long listId, String refusal) {
        locks.lock(listId);
        TodoList list = listFor(userId, listId);
        if (list.owner().id() != userId) {
            throw ApiException.forbidden(refusal);
        }
        return list;
    }

    private ListChange changeRole(TodoList before, long memberId, Role role) {
        if (memberId == before.owner().id()) {
            throw ApiException.badRequest("the owner's role cannot change");
        }
        if (role == Role.OWNER) {
            throw ApiException.badRequest("a list has one owner");
        }
        if (before.roleOf(memberId) == role) {
            return new ListChange(before, before);
        }
        st.update(Sql.SET_ROLE, role.wire(), before.id(), memberId);
        return new ListChange(before, load(before.id()));
    }

    /**
     * The role gate's check, for a verb that changes the list: {@code not_found} unless {@code userId} is a member,
     * {@code forbidden} for a viewer. Reads the role as committed now, so a role change applies to the next change
     * a member sends. With {@code lock} (a write), the list's row is locked first, so that no role change on
     * another node commits between this check and the change; a read (a change that is not stored, like an
     * editing mark) passes false.
     */
    public void requireEditor(long userId, long listId, boolean lock) {
        if (lock) {
            locks.lock(listId);
        }
        String role = role(userId, listId);
        if (role == null) {
            throw ApiException.notFound("list");
        }
        requireCanChange(Role.fromWire(role));
    }

    /** The member's role on the list; null for a non-member. Read once per write transaction on a held list. */
    private String role(long userId, long listId) {
        return cache.role(listId, userId, locks.holds(listId),
            () -> st.one(Sql.ROLE_OF_MEMBER, rs -> rs.getString(1), listId, userId));
    }

    /** {@code forbidden} unless a member with {@code role} may change the list. */
    static void requireCanChange(Role role) {
        if (role == null || !role.canChange()) {
            throw ApiException.forbidden("you can view this list but not change it (your role is viewer)");
        }
    }

    /**
     * The owner removes anyone but themself; a member may remove only themself ({@code forbidden} otherwise).
     * Removing a non-member username gives {@code not_found}. The owner cannot leave their own list
     * ({@code bad_request}: delete it instead).
     */
    public ListChange unshare(long userId, long listId, String username) {
        locks.lock(listId);
        TodoList before = listFor(userId, listId);
        boolean isOwner = before.owner().id() == userId;
        User target = st.one(userByName, Rows::user, username);
        // A member may only remove themself; decided before existence so it reveals nothing more.
        if (!isOwner && (target == null || target.id() != userId)) {
            throw ApiException.forbidden("only the owner can remove other members");
        }
        if (target == null || !before.hasMember(target.id())) {
            throw ApiException.notFound("member");
        }
        if (target.id() == before.owner().id()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the owner cannot leave their own list: delete it instead");
        }
        st.update(Sql.DELETE_MEMBER, listId, target.id());
        return new ListChange(before, load(listId));
    }

    /** Removes a member without permission checks (account deletion); answers the change. */
    ListChange removeMember(TodoList before, long userId) {
        locks.lock(before.id());
        st.update(Sql.DELETE_MEMBER, before.id(), userId);
        return new ListChange(before, load(before.id()));
    }

    /** Deletes a list without permission checks (account deletion). */
    void deleteUnchecked(long listId) {
        locks.lock(listId);
        st.update(Sql.DELETE_LIST, listId);
    }

    /**
     * Locks the list's row until the write transaction ends, so that writers elsewhere (other nodes on one
     * PostgreSQL) wait for this one; a no-op where the transaction excludes every other writer (SQLite).
     * Answers whether the lock was taken just now (what was read before it may be stale).
     */
    boolean lock(long listId) {
        return locks.lock(listId);
    }

    /** Adds one to the list's rev and answers the new rev: the stamp of exactly one task change. */
    long bumpRev(long listId) {
        locks.lock(listId);
        return st.returningLong(Sql.BUMP_REV, listId);
    }

    private static TodoList assemble(Rows.ListRow row, List<Member> members) {
        Member owner = members.stream().filter(m -> m.id() == row.ownerId()).findFirst()
            .orElseThrow(() -> new StorageException("list " + row.id() + " has no owner member row", null));
        return new TodoList(row.id(), row.title(), owner, List.copyOf(members), row.rev(), row.created());
    }
}
