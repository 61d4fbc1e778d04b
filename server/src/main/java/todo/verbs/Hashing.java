package todo.verbs;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Slow CPU-bound work (password hashing) off the loop, in the caller's share (per caller and per remote address);
 * the future completes on the loop, or at once with {@code rate_limited} beyond the share. Called on the loop.
 */
public interface Hashing {
    <T> CompletableFuture<T> run(Caller caller, Supplier<T> work);
}
