package todo.store;

/** A unit of storage work, run on a storage thread against the {@link Repo} of that thread's connection. */
@FunctionalInterface
public interface StoreOp<T> {
    T apply(Repo repo) throws Exception;
}
