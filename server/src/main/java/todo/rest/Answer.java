package todo.rest;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one REST call answers, before it becomes HTTP: a status, a JSON body (null for 204) and extra headers.
 * Built on the loop or on a handler thread, then only read.
 */
record Answer(int status, JsonObject body, Map<String, String> headers) {
    static Answer ok(JsonObject body) {
        return new Answer(200, body, new LinkedHashMap<>());
    }

    /** 201 with the new resource's address. */
    static Answer created(JsonObject body, String location) {
        Answer a = new Answer(201, body, new LinkedHashMap<>());
        a.headers.put("Location", location);
        return a;
    }

    static Answer noContent() {
        return new Answer(204, null, new LinkedHashMap<>());
    }

    Answer with(String header, String value) {
        headers.put(header, value);
        return this;
    }

    /** A single task's answer carries its rev as a strong ETag, the value {@code If-Match} takes. */
    Answer withTaskETag() {
        if (body != null && body.has("task") && body.getAsJsonObject("task").has("rev")) {
            headers.put("ETag", "\"" + body.getAsJsonObject("task").get("rev").getAsLong() + "\"");
        }
        return this;
    }
}
