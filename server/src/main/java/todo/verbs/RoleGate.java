package todo.verbs;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.store.StoreOp;

/**
 * The one check that keeps viewers from changing a list. A verb declared with {@link Verb#changes} runs for a
 * caller whose every storage op first checks, in the op's own transaction, that the caller may change the list the
 * request names ({@link Target}): {@code not_found} for a non-member, {@code forbidden} for a viewer. The role is
 * read where the change is made, never cached: a write checks it under the list's lock, so a role change applies to
 * the very next change a member sends, on any node. Handlers are built once; they run on the loop thread, the
 * checks on the storage threads.
 */
final class RoleGate {
    private RoleGate() {}

    /** {@code inner}, run only by callers allowed to change the list named by the request's {@code target} field. */
    static Handler guard(Target target, Handler inner) {
        return (req, c) -> {
            long id = req.id(target.field());
            long userId = c.identity().userId();
            return inner.handle(req, new Gated(c, new Checked(c.storage(), target, userId, id)));
        };
    }

    /** The caller's storage, with the check in front of each op. */
    private record Checked(Storage inner, Target target, long userId, long id) implements Storage {
        @Override
        public <T> CompletableFuture<T> write(StoreOp<T> op) {
            return inner.write(repo -> {
                target.requireEditor(repo, userId, id, true);
                return op.apply(repo);
            });
        }

        @Override
        public <T> CompletableFuture<T> read(StoreOp<T> op) {
            return inner.read(repo -> {
                target.requireEditor(repo, userId, id, false);
                return op.apply(repo);
            });
        }
    }

    /** The caller as it is, but for its storage. */
    private record Gated(Caller caller, Storage storage) implements Caller {
        @Override
        public Identity identity() {
            return caller.identity();
        }

        @Override
        public Feed feed() {
            return caller.feed();
        }

        @Override
        public InetAddress remoteAddress() {
            return caller.remoteAddress();
        }

        @Override
        public boolean gone() {
            return caller.gone();
        }

        @Override
        public void publish(List<Effect> effects) {
            caller.publish(effects);
        }
    }
}
