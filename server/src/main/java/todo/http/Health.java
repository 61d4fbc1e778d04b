package todo.http;

import com.google.gson.JsonObject;

/**
 * What {@code /healthz} reports: each listener and the database, each true only if it works now. Immutable.
 * (A message bus, when there is one, adds its own field here.)
 */
public record Health(boolean httpListening, boolean wsListening, boolean databaseWritable, int connections,
                     long uptimeSeconds) {
    public boolean ok() {
        return httpListening && wsListening && databaseWritable;
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("status", ok() ? "ok" : "unavailable");
        o.addProperty("http", httpListening ? "ok" : "unavailable");
        o.addProperty("ws", wsListening ? "ok" : "unavailable");
        o.addProperty("db", databaseWritable ? "ok" : "unavailable");
        o.addProperty("connections", connections);
        o.addProperty("uptimeSeconds", uptimeSeconds);
        return o;
    }
}
