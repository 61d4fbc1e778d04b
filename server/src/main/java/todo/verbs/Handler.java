package todo.verbs;

import java.util.concurrent.CompletableFuture;
import todo.protocol.Request;

/**
 * One verb's behaviour. Called on the loop thread, with a signed-in caller when the verb needs one. It may throw
 * {@link todo.error.ApiException} for bad input; the returned future completes on the loop.
 */
@FunctionalInterface
public interface Handler {
    CompletableFuture<Result> handle(Request req, Caller caller);
}
