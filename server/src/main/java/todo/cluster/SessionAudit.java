package todo.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import todo.loop.Bus;
import todo.store.ChangeReads;
import todo.store.Store;
import todo.verbs.Effect;

/**
 * Closes the gap that membership and sign-out effects leave when their publish is lost (a node that died between
 * commit and publish, a bus that was down): they carry no rev, so the rev check cannot find them. With the rev
 * check, this compares what the sessions here rely on with the database: a subscriber who is no longer a member
 * of the list (or whose list is gone) gets {@code list.removed} and loses the subscription; a session whose token
 * no longer exists (logout, password change, account deletion) is signed out and closed. So a lost effect of
 * that kind holds for at most the rev check's period plus one read, as a lost task change does.
 *
 * <p>Only what was here when the check began is judged: a subscription or a token that is newer than the read
 * might not be in it. Loop thread; the read runs on the store's read pool and completes on the loop.
 */
final class SessionAudit {
    private static final Logger log = LoggerFactory.getLogger(SessionAudit.class);

    private final Store store;
    private boolean auditing;

    SessionAudit(Store store) {
        this.store = store;
    }

    /** Starts one audit unless one is running; its findings go to {@code sink}. */
    void run(Bus.Sink sink) {
        if (auditing) {
            return;
        }
        Map<Long, Set<Long>> subscribed = sink.subscribedUsers();
        Map<Long, List<byte[]>> tokens = sink.signedInTokens();
        if (subscribed.isEmpty() && tokens.isEmpty()) {
            return;
        }
        auditing = true;
        long[] lists = subscribed.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] users = tokens.keySet().stream().mapToLong(Long::longValue).toArray();
        store.read(repo -> repo.changes().audit(lists, users)).whenComplete((found, err) -> {
            auditing = false;
            if (err != null) {
                log.warn("session audit failed: {}", err.toString());
            } else {
                apply(sink, subscribed, tokens, found);
            }
        });
    }

    private static void apply(Bus.Sink sink, Map<Long, Set<Long>> subscribed, Map<Long, List<byte[]>> tokens,
                              ChangeReads.Audit found) {
        subscribed.forEach((list, users) -> {
            Set<Long> members = found.members().getOrDefault(list, Set.of());
            for (long user : users) {
                if (!members.contains(user)) {
                    sink.revoke(list, user);
                }
            }
        });
        tokens.forEach((user, hashes) -> {
            List<byte[]> live = found.tokens().getOrDefault(user, List.of());
            for (byte[] hash : hashes) {
                if (hash != null && live.stream().noneMatch(h -> Arrays.equals(h, hash))) {
                    log.warn("a session of user {} has a token that no longer exists: closing it", user);
                    sink.deliver(new Effect.CloseSessions(user, Effect.Which.WITH_TOKEN, hash,
                        Effect.Why.SIGNED_OUT));
                }
            }
        });
    }
}
