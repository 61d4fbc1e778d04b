package todo.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import todo.error.ErrorCode;
import todo.protocol.Decoder;

/**
 * Request bodies and query strings to verb parameters: JSON objects and HTML form posts, with the original app's
 * spellings ({@code due_date}, its {@code dd/mm/YYYY HH:MM:SS} dates, {@code completed} as 1/0 or any-case
 * true/false). Values are only reshaped here; the verbs validate them. Stateless; handler threads.
 */
final class Bodies {
    /** Larger bodies are refused (413) whatever the HTTP port's own limit. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";

    private static final DateTimeFormatter ORIGINAL_DUE =
            DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

    private Bodies() {}

    /** The body's fields; an empty body gives none. @throws Errors.Refused 413, 415 or 400 */
    static JsonObject fields(byte[] body, String contentType) {
        if (body.length == 0) {
            return new JsonObject();
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new Errors.Refused(413, ErrorCode.BAD_REQUEST, "body larger than " + MAX_BODY_BYTES + " bytes");
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String text = utf8(body);
        JsonObject fields;
        if (type.equals(JSON)) {
            JsonElement root = Decoder.parse(text, "body");
            if (!(root instanceof JsonObject o)) {
                throw new Errors.Refused(400, ErrorCode.BAD_REQUEST, "the body must be a JSON object");
            }
            fields = o;
        } else if (type.equals(FORM)) {
            fields = new JsonObject();
            form(text).forEach((k, v) -> fields.addProperty(k, v));
            if (fields.has("due") && fields.get("due").getAsString().isEmpty()) {
                fields.add("due", JsonNull.INSTANCE); // an empty form field means no due date
            }
            if (fields.has("due_date") && fields.get("due_date").getAsString().isEmpty()) {
                fields.add("due_date", JsonNull.INSTANCE);
            }
        } else {
            throw new Errors.Refused(415, ErrorCode.BAD_REQUEST,
                    "send the body as " + JSON + " or " + FORM + (type.isEmpty() ? "" : ", not " + type));
        }
        return normalise(fields);
    }

    /** The original's spellings to the verbs': {@code due_date} is {@code due}; dates and booleans reshaped. */
    static JsonObject normalise(JsonObject f) {
        if (f.has("due_date") && !f.has("due")) {
            f.add("due", f.get("due_date"));
        }
        f.remove("due_date");
        if (f.get("due") instanceof JsonPrimitive p && p.isString()) {
            f.addProperty("due", due(p.getAsString()));
        }
        if (f.get("completed") instanceof JsonPrimitive p) {
            f.add("completed", bool(p));
        }
        return f;
    }

    /** {@code a=1&b=2}, percent-decoded, each name at most once. @throws Errors.Refused 400 */
    static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.put(name, value) != null) {
                throw new Errors.Refused(400, ErrorCode.BAD_REQUEST, name + " is given more than once");
            }
        }
        return out;
    }

    /** dd/mm/YYYY HH:MM:SS (the original's format, taken as UTC) to ISO; anything else unchanged. */
    static String due(String s) {
        try {
            return ISO_UTC.format(LocalDateTime.parse(s.strip(), ORIGINAL_DUE));
        } catch (DateTimeParseException e) {
            return s; // not the original's format: the verb checks it as ISO
        }
    }

    /** true/false in any case and 1/0 as booleans; anything else unchanged, for the verb to refuse. */
    static JsonElement bool(JsonPrimitive p) {
        String v = p.getAsString().strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "1" -> new JsonPrimitive(true);
            case "false", "0" -> new JsonPrimitive(false);
            default -> p;
        };
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Errors.Refused(400, ErrorCode.BAD_REQUEST, "malformed percent-encoding in the form or query");
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Errors.Refused(400, ErrorCode.BAD_JSON, "the body is not valid UTF-8");
        }
    }
}
