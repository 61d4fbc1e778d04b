package todo.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import todo.error.ApiException;

/**
 * One decoded request frame: its verb, the client's id (echoed as {@code re}) and typed, validating access to its
 * parameters. Every accessor throws {@code bad_request} naming the field and what is wrong with it.
 * Immutable after decoding; used on the event-loop thread.
 */
public final class Request {
    /** Largest integer a JSON number can carry exactly in every client (2^53 - 1). */
    public static final long MAX_ID = 9_007_199_254_740_991L;

    private final String type;
    private final JsonElement id;
    private final JsonObject body;

    Request(String type, JsonElement id, JsonObject body) {
        this.type = type;
        this.id = id;
        this.body = body;
    }

    /**
     * A request that reached the server another way than as a frame (an HTTP call, say): its verb and its
     * parameters, and no request id. The parameters are validated by the accessors, as for a frame.
     */
    public static Request of(String type, JsonObject params) {
        return new Request(type, null, params);
    }

    public String type() {
        return type;
    }

    /** The client's request id, echoed as {@code re} in the reply; null when it had none. Not an entity id. */
    public JsonElement requestId() {
        return id;
    }

    public boolean has(String field) {
        return body.has(field);
    }

    /** True when the field is present and JSON null. */
    public boolean isNull(String field) {
        return body.has(field) && body.get(field).isJsonNull();
    }

    /** A required list or task id: a JSON integer from 1 to 2^53-1. */
    public long id(String field) {
        return integer(field, 1, required(field));
    }

    /** An optional list or task id (absent or null gives null), as {@link #id}. */
    public Long optionalId(String field) {
        JsonElement e = body.get(field);
        return e == null || e.isJsonNull() ? null : integer(field, 1, e);
    }

    /** An optional integer within [min, max]; {@code absent} when absent or null. */
    public int optionalInt(String field, int min, int max, int absent) {
        JsonElement e = body.get(field);
        if (e == null || e.isJsonNull()) {
            return absent;
        }
        return (int) integer(field, min, max, e);
    }

    /** An optional non-negative revision (JSON integer); null when absent. */
    public Long rev(String field) {
        JsonElement e = body.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return integer(field, 0, e);
    }

    /** A required string, its length in code points within [min, max] after optional trimming. */
    public String text(String field, int min, int max, boolean trim) {
        return checkLength(field, string(field, required(field)), min, max, trim);
    }

    /** An optional string (absent or null gives null), length-checked as {@link #text}. */
    public String optionalText(String field, int min, int max, boolean trim) {
        JsonElement e = body.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return checkLength(field, string(field, e), min, max, trim);
    }

    /** A required boolean. */
    public boolean bool(String field) {
        return bool(field, required(field));
    }

    /** An optional boolean; null when absent or null. */
    public Boolean optionalBool(String field) {
        JsonElement e = body.get(field);
        return e == null || e.isJsonNull() ? null : bool(field, e);
    }

    private JsonElement required(String field) {
        JsonElement e = body.get(field);
        if (e == null || e.isJsonNull()) {
            throw ApiException.badRequest(field + " is required");
        }
        return e;
    }

    private static long integer(String field, long min, JsonElement e) {
        return integer(field, min, MAX_ID, e);
    }

    private static long integer(String field, long min, long max, JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw ApiException.badRequest(field + " must be an integer");
        }
        BigDecimal d;
        try {
            d = new BigDecimal(p.getAsString());
        } catch (NumberFormatException ex) {
            throw ApiException.badRequest(field + " must be an integer");
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw ApiException.badRequest(field + " must be an integer");
        }
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiException.badRequest(field + " must be between " + min + " and " + max);
        }
        return d.longValueExact();
    }

    private static String string(String field, JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        String s = p.getAsString();
        if (TextRules.hasLoneSurrogate(s)) {
            throw ApiException.badRequest(field + " must not contain a lone surrogate (\\uD800-\\uDFFF without its pair)");
        }
        return s;
    }

    private static boolean bool(String field, JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false");
        }
        return p.getAsBoolean();
    }

    private static String checkLength(String field, String s, int min, int max, boolean trim) {
        String v = trim ? s.strip() : s;
        int n = v.codePointCount(0, v.length());
        if (n < min) {
            throw ApiException.badRequest(min == 1 ? field + " must not be empty" : field + " must be at least " + min + " characters");
        }
        if (n > max) {
            throw ApiException.badRequest(field + " must be at most " + max + " characters");
        }
        return v;
    }
}
