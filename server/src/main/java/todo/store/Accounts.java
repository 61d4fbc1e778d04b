package todo.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import todo.error.ApiException;
import todo.model.Credentials;
import todo.model.ListChange;
import todo.model.TodoList;
import todo.model.User;

/**
 * The accounts repository: users and their session tokens. Token hashes are opaque bytes; tokens never reach
 * here. Used on one storage thread, inside the transaction that thread runs around each op.
 */
public final class Accounts {
    static final String FIRST_LIST_TITLE = "My tasks";

    private final Statements st;
    private final Lists lists;
    private final String userByName;

    Accounts(Statements st, Dialect dialect, Lists lists) {
        this.st = st;
        this.lists = lists;
        this.userByName = dialect.userByName();
    }

    /**
     * Creates a user (username unique ignoring case, else {@code conflict}) with a first list titled
     * "My tasks", and stores {@code tokenHash} as a session token for it.
     */
    public User createUser(String username, String email, byte[] salt, byte[] hash, int iterations,
                    byte[] tokenHash, Instant now, Instant tokenExpires) {
        // The writer is the only one writing, so checking first cannot race; the unique index is the backstop.
        if (st.exists(userByName, username)) {
            throw ApiException.conflict("username already taken");
        }
        long id = st.returningLong(Sql.INSERT_USER, username, email, salt, hash, iterations, Rows.millis(now));
        lists.create(id, FIRST_LIST_TITLE, now);
        insertToken(id, tokenHash, now, tokenExpires);
        return new User(id, username, email, Rows.instant(Rows.millis(now)));
    }

    /** The user and stored password parameters, matched ignoring case; null when there is no such user. */
    public Credentials credentials(String username) {
        return st.one(userByName, Rows::credentials, username);
    }

    /** Same as {@link #credentials(String)} by id; null when the user no longer exists. */
    public Credentials credentials(long userId) {
        return st.one(Sql.USER_BY_ID, Rows::credentials, userId);
    }

    /** The user with this name, ignoring case; null when none. */
    public User findUser(String username) {
        return st.one(userByName, Rows::user, username);
    }

    public void insertToken(long userId, byte[] tokenHash, Instant now, Instant expires) {
        st.update(Sql.INSERT_TOKEN, tokenHash, userId, Rows.millis(now), Rows.millis(expires));
    }

    /** The user owning an unexpired token with this hash; null when unknown, revoked or expired. */
    public User userForToken(byte[] tokenHash, Instant now) {
        return st.one(Sql.USER_FOR_TOKEN, Rows::user, tokenHash, Rows.millis(now));
    }

    public void revokeToken(byte[] tokenHash) {
        st.update(Sql.DELETE_TOKEN, tokenHash);
    }

    /** Revokes every token of the user except {@code keepHash} (which may be null: revoke all). */
    public void revokeOtherTokens(long userId, byte[] keepHash) {
        if (keepHash == null) {
            st.update(Sql.DELETE_USER_TOKENS, userId);
        } else {
            st.update(Sql.DELETE_USER_TOKENS_EXCEPT, userId, keepHash);
        }
    }

    /**
     * Updates email (when {@code emailSet}; null clears it) and/or password parameters (when {@code hash} is
     * non-null). Returns the updated user.
     */
    public User updateProfile(long userId, boolean emailSet, String email, byte[] salt, byte[] hash, int iterations) {
        if (!st.exists(Sql.USER_BY_ID, userId)) {
            throw ApiException.notFound("user");
        }
        if (emailSet) {
            st.update(Sql.UPDATE_EMAIL, email, userId);
        }
        if (hash != null) {
            st.update(Sql.UPDATE_PASSWORD, salt, hash, iterations, userId);
        }
        return st.one(Sql.USER_BY_ID, Rows::user, userId);
    }

    /**
     * Deletes the user, their tokens, the lists they own (with tasks) and their memberships in other lists.
     * Returns one change per affected list: owned lists as deletions, other lists with the user removed.
     */
    public List<ListChange> deleteUser(long userId) {
        if (!st.exists(Sql.USER_BY_ID, userId)) {
            throw ApiException.notFound("user");
        }
        List<ListChange> changes = new ArrayList<>();
        for (TodoList before : lists.listsFor(userId)) {
            if (before.owner().id() == userId) {
                lists.deleteUnchecked(before.id());
                changes.add(new ListChange(before, null));
            } else {
                changes.add(lists.removeMember(before, userId));
            }
        }
        st.update(Sql.DELETE_USER_TOKENS, userId);
        // Remaining rows that name the user (their task keys) go by ON DELETE CASCADE.
        st.update(Sql.DELETE_USER, userId);
        return changes;
    }
}
