package todo.http;

import com.google.gson.JsonObject;

/**
 * What {@code /healthz} reports: the node's name, each listener, the database and the cluster bus, each true only
 * if it works now. {@code bus} is null when the node joins no bus (the field is then left out). The bus does not
 * decide the status: a node that lost NATS still serves its own clients. Immutable.
 */
public record Health(String node, boolean httpListening, boolean wsListening, boolean databaseWritable,
                     Boolean bus, int connections, long uptimeSeconds) {
    public boolean ok() {
        return httpListening && wsListening && databaseWritable;
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("status", ok() ? "ok" : "unavailable");
        o.addProperty("node", node);
        o.addProperty("http", httpListening ? "ok" : "unavailable");
        o.addProperty("ws", wsListening ? "ok" : "unavailable");
        o.addProperty("db", databaseWritable ? "ok" : "unavailable");
        if (bus != null) {
            o.addProperty("bus", bus ? "ok" : "unavailable");
        }
        o.addProperty("connections", connections);
        o.addProperty("uptimeSeconds", uptimeSeconds);
        return o;
    }
}
