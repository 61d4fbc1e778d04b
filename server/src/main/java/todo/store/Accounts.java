package todo.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import todo.error.ApiException;
import todo.model.Credentials;
import todo.model.ListChange;
import todo.model.TodoList;
import todo.model.User;

/** The users and tokens half of {@link SqliteRepo}. Token hashes are opaque bytes; tokens never reach here. */
final class Accounts {
    static final String FIRST_LIST_TITLE = "My tasks";

    private final Statements st;
    private final Lists lists;

    Accounts(Statements st, Lists lists) {
        this.st = st;
        this.lists = lists;
    }

    User createUser(String username, String email, byte[] salt, byte[] hash, int iterations,
                    byte[] tokenHash, Instant now, Instant tokenExpires) {
        // The writer is the only one writing, so checking first cannot race; the unique index is the backstop.
        if (st.exists(Sql.USER_BY_NAME, username)) {
            throw ApiException.conflict("username already taken");
        }
        long id = st.returningLong(Sql.INSERT_USER, username, email, salt, hash, iterations, Rows.millis(now));
        lists.create(id, FIRST_LIST_TITLE, now);
        insertToken(id, tokenHash, now, tokenExpires);
        return new User(id, username, email, Rows.instant(Rows.millis(now)));
    }

    Credentials credentials(String username) {
        return st.one(Sql.USER_BY_NAME, Rows::credentials, username);
    }

    Credentials credentials(long userId) {
        return st.one(Sql.USER_BY_ID, Rows::credentials, userId);
    }

    User findUser(String username) {
        return st.one(Sql.USER_BY_NAME, Rows::user, username);
    }

    void insertToken(long userId, byte[] tokenHash, Instant now, Instant expires) {
        st.update(Sql.INSERT_TOKEN, tokenHash, userId, Rows.millis(now), Rows.millis(expires));
    }

    User userForToken(byte[] tokenHash, Instant now) {
        return st.one(Sql.USER_FOR_TOKEN, Rows::user, tokenHash, Rows.millis(now));
    }

    void revokeToken(byte[] tokenHash) {
        st.update(Sql.DELETE_TOKEN, tokenHash);
    }

    void revokeOtherTokens(long userId, byte[] keepHash) {
        if (keepHash == null) {
            st.update(Sql.DELETE_USER_TOKENS, userId);
        } else {
            st.update(Sql.DELETE_USER_TOKENS_EXCEPT, userId, keepHash);
        }
    }

    User updateProfile(long userId, boolean emailSet, String email, byte[] salt, byte[] hash, int iterations) {
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

    List<ListChange> deleteUser(long userId) {
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
