package todo.verbs;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What a verb produces when it succeeds: the reply body, and the effects its change has on sessions, to be applied
 * after the reply is queued. {@code preEncoded} (may be null) adds one field whose JSON was serialised off the
 * loop (a large snapshot's tasks).
 */
public record Result(JsonObject body, PreEncoded preEncoded, List<Effect> effects) {

    /** A reply field given as JSON text, already serialised: {@code json} must be one valid JSON value. */
    public record PreEncoded(String field, String json) {}

    public static Result reply(JsonObject body) {
        return new Result(body, null, List.of());
    }

    public static Result empty() {
        return reply(new JsonObject());
    }

    public static Result of(JsonObject body, Effect effect) {
        return new Result(body, null, List.of(effect));
    }

    public static Result of(JsonObject body, List<Effect> effects) {
        return new Result(body, null, effects);
    }
}
