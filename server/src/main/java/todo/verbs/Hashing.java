package todo.verbs;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Slow CPU-bound work (password hashing) off the loop; the future completes on the loop. Called on the loop. */
public interface Hashing {
    <T> CompletableFuture<T> run(Supplier<T> work);
}
