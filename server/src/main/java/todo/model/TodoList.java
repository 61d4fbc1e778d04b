package todo.model;

import java.time.Instant;
import java.util.List;

/**
 * A to-do list. {@code members} includes the owner and is ordered by username; each carries its role.
 * {@code rev} counts task changes: every create, update or delete of one of its tasks adds exactly one.
 */
public record TodoList(long id, String title, Member owner, List<Member> members, long rev, Instant created) {

    public boolean hasMember(long userId) {
        return members.stream().anyMatch(m -> m.id() == userId);
    }

    /** The member's role, or null when {@code userId} is not a member. */
    public Role roleOf(long userId) {
        for (Member m : members) {
            if (m.id() == userId) {
                return m.role();
            }
        }
        return null;
    }
}
