package todo.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import todo.error.ApiException;
import todo.error.ErrorCode;

/** Turns a text frame into a {@link Request}, or into the error that answers it. Stateless and thread-safe. */
public final class Decoder {
    /** Deeper JSON than this is refused; no verb takes nested parameters, and deep nesting costs stack. */
    public static final int MAX_NESTING = 16;

    private Decoder() {}

    /** The outcome of decoding: either a request, or an error with the {@code re} it can still be answered with. */
    public record Decoded(Request request, ApiException error, JsonElement re) {}

    public static Decoded decode(String text) {
        JsonElement root;
        try {
            root = parse(text, "frame");
        } catch (ApiException e) {
            return failed(e, null);
        }
        if (!(root instanceof JsonObject body)) {
            return failed(ApiException.badRequest("a request must be a JSON object"), null);
        }
        JsonElement id = body.get("id");
        if (id != null && !id.isJsonNull() && !(id instanceof JsonPrimitive p && (p.isString() || p.isNumber()))) {
            return failed(ApiException.badRequest("id must be a string or a number"), null);
        }
        if (id != null && id.isJsonNull()) {
            id = null;
        }
        JsonElement type = body.get("type");
        if (type == null || type.isJsonNull()) {
            return failed(ApiException.badRequest("type is required"), id);
        }
        if (!(type instanceof JsonPrimitive tp) || !tp.isString()) {
            return failed(ApiException.badRequest("type must be a string"), id);
        }
        return new Decoded(new Request(tp.getAsString(), id, body), null, id);
    }

    /**
     * Parses one JSON value strictly (no comments, no trailing data, nesting limited to {@link #MAX_NESTING}).
     *
     * @param what how the error messages name the text ("frame", "body")
     * @throws ApiException {@code bad_json}
     */
    public static JsonElement parse(String text, String what) {
        if (text.isBlank()) {
            throw new ApiException(ErrorCode.BAD_JSON, what + " is empty: send one JSON object");
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(MAX_NESTING);
            JsonElement root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ApiException(ErrorCode.BAD_JSON, "unexpected data after the JSON value");
            }
            return root;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ApiException(ErrorCode.BAD_JSON, what + " is not valid JSON");
        } catch (StackOverflowError e) {
            throw new ApiException(ErrorCode.BAD_JSON, "JSON nested too deeply");
        }
    }

    private static Decoded failed(ApiException e, JsonElement re) {
        return new Decoded(null, e, re);
    }
}
