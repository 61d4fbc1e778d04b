package todo.protocol;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import todo.error.ApiException;
import todo.model.NewTask;
import todo.model.Placement;
import todo.model.Role;
import todo.model.TaskPatch;

/** Field rules of wire protocol v1, applied on the event loop before anything reaches storage. */
public final class Validate {
    public static final int USERNAME_MIN = 3;
    public static final int USERNAME_MAX = 32;
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 1024;
    public static final int EMAIL_MAX = 254;
    public static final int TITLE_MAX = 200;
    public static final int NAME_MAX = 500;
    public static final int NOTE_MAX = 10_000;
    public static final int KEY_MAX = 64;
    public static final int DUE_MAX = 64;
    /** Longer than any role's name; anything longer is refused before it is compared. */
    public static final int ROLE_MAX = 16;
    /** A token is 32 random bytes in base64url without padding. */
    public static final int TOKEN_LENGTH = 43;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{" + TOKEN_LENGTH + "}");

    private Validate() {}

    public static String username(Request r, String field) {
        String u = r.text(field, USERNAME_MIN, USERNAME_MAX, false);
        if (!USERNAME.matcher(u).matches()) {
            throw ApiException.badRequest(field + " may contain only letters, digits, '_', '.' and '-'");
        }
        return u;
    }

    /** A username to look up: any string; a malformed one simply matches nobody. */
    public static String lookupName(Request r, String field) {
        return r.text(field, 1, USERNAME_MAX * 4, false);
    }

    /**
     * A role a member can be given: {@code "editor"} or {@code "viewer"}. {@code "owner"} is refused (a list has
     * one owner, who cannot be replaced), as is any other value. When absent (or null) and not required: null.
     */
    public static Role memberRole(Request r, String field, boolean required) {
        String s = required ? r.text(field, 1, ROLE_MAX, false) : r.optionalText(field, 1, ROLE_MAX, false);
        if (s == null) {
            return null;
        }
        Role role = Role.fromWire(s);
        if (role == Role.OWNER) {
            throw ApiException.badRequest(field + " must be editor or viewer: a list has one owner");
        }
        if (role == null) {
            throw ApiException.badRequest(field + " must be editor or viewer");
        }
        return role;
    }

    public static String password(Request r, String field) {
        return r.text(field, PASSWORD_MIN, PASSWORD_MAX, false);
    }

    /** An optional email: absent, null or "" give null; otherwise something@something, at most 254 characters. */
    public static String email(Request r) {
        String e = r.optionalText("email", 0, EMAIL_MAX, true);
        if (e == null || e.isEmpty()) {
            return null;
        }
        int at = e.indexOf('@');
        if (at <= 0 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.chars().anyMatch(Character::isWhitespace)) {
            throw ApiException.badRequest("email must look like name@example.org");
        }
        return e;
    }

    /** A token's shape; anything else cannot be a token we issued. */
    public static boolean isTokenShaped(String token) {
        return TOKEN.matcher(token).matches();
    }

    public static String title(Request r) {
        return visible("title", r.text("title", 1, TITLE_MAX, true));
    }

    public static NewTask newTask(Request r) {
        String name = visible("name", r.text("name", 1, NAME_MAX, true));
        String note = r.optionalText("note", 0, NOTE_MAX, false);
        String due = due(r);
        Boolean completed = r.optionalBool("completed");
        String key = r.optionalText("key", 1, KEY_MAX, false);
        return new NewTask(name, note == null ? "" : note, due, completed != null && completed, key);
    }

    public static TaskPatch patch(Request r) {
        String name = r.optionalText("name", 1, NAME_MAX, true);
        if (r.isNull("name")) {
            throw ApiException.badRequest("name must not be null");
        }
        if (name != null) {
            visible("name", name);
        }
        String note = r.optionalText("note", 0, NOTE_MAX, false);
        if (r.isNull("note")) {
            note = "";
        }
        boolean dueSet = r.has("due");
        String due = due(r);
        Boolean completed = r.optionalBool("completed");
        if (r.isNull("completed")) {
            throw ApiException.badRequest("completed must be true or false");
        }
        TaskPatch p = new TaskPatch(name, note, dueSet, due, completed);
        if (p.isEmpty()) {
            throw ApiException.badRequest("task.update needs at least one of name, note, due, completed");
        }
        return p;
    }

    /**
     * Where {@code task.move} puts the task: exactly one of {@code after} and {@code before}, each a task id or
     * null (the top, the bottom).
     */
    public static Placement placement(Request r) {
        boolean after = r.has("after");
        if (after == r.has("before")) {
            throw ApiException.badRequest("task.move needs exactly one of after and before");
        }
        String field = after ? "after" : "before";
        return new Placement(after, r.optionalId(field));
    }

    /** A name or title must show something: text of only invisible characters would look like no text at all. */
    private static String visible(String field, String value) {
        if (TextRules.isInvisible(value)) {
            throw ApiException.badRequest(field + " must contain a visible character");
        }
        return value;
    }

    /** due: null, an ISO date (2026-12-01) or an ISO date-time with offset (2026-12-01T17:00:00+01:00). */
    static String due(Request r) {
        String due = r.optionalText("due", 1, DUE_MAX, true);
        if (due == null) {
            return null;
        }
        try {
            if (due.length() == 10) {
                LocalDate.parse(due);
            } else {
                OffsetDateTime.parse(due);
            }
            return due;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("due must be null, an ISO date (2026-12-01) or an ISO date-time with offset");
        }
    }
}
