package todo.store;

/** A unit of storage work, run on a storage thread against a {@link Repo} bound to one connection. */
@FunctionalInterface
public interface StoreOp<T> {
    T apply(Repo repo) throws Exception;
}
