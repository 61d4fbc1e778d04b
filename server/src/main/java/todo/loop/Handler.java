package todo.loop;

import java.util.concurrent.CompletableFuture;

/**
 * One verb's behaviour. Called on the loop thread with an authenticated session when the verb needs one.
 * It may throw {@link todo.error.ApiException} for bad input; the returned future completes on the loop.
 */
@FunctionalInterface
interface Handler {
    CompletableFuture<Outcome> handle(Call call);
}
