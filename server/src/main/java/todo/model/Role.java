package todo.model;

import java.util.Locale;

/**
 * What a member of a list may do. The owner is the one member who may share, change roles and delete; an editor
 * reads and changes tasks and the title; a viewer only reads (and may leave). Stored and sent as the lower-case
 * name ({@link #wire()}).
 */
public enum Role {
    OWNER, EDITOR, VIEWER;

    /** The role given to a member when a share names none. */
    public static final Role DEFAULT_SHARED = EDITOR;

    /** As stored in {@code members.role} and sent in a list's {@code roles}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this wire name, or null when there is none (the name is compared exactly: lower case). */
    public static Role fromWire(String s) {
        for (Role r : values()) {
            if (r.wire().equals(s)) {
                return r;
            }
        }
        return null;
    }

    /** Whether a member with this role may change the list's tasks and title. */
    public boolean canChange() {
        return this != VIEWER;
    }
}
