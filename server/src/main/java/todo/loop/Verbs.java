package todo.loop;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.protocol.Wire;

/** The table of protocol v1 verbs. */
final class Verbs {
    static final String NAME = "todo-server";
    static final String VERSION = "1.0.0";
    static final int PROTOCOL = 1;

    private static final List<Verb> ALL = build();

    private Verbs() {}

    static List<Verb> all() {
        return ALL;
    }

    private static List<Verb> build() {
        List<Verb> v = new ArrayList<>();
        v.add(Verb.open("info", Verbs::info));
        v.add(Verb.open("ping", Verbs::ping));
        v.addAll(AccountVerbs.all());
        v.addAll(ListVerbs.all());
        v.addAll(TaskVerbs.all());
        return List.copyOf(v);
    }

    private static CompletableFuture<Outcome> info(Call c) {
        JsonObject o = new JsonObject();
        o.addProperty("name", NAME);
        o.addProperty("version", VERSION);
        o.addProperty("protocol", PROTOCOL);
        o.add("types", Wire.strings(ALL.stream().map(Verb::name).toList()));
        return CompletableFuture.completedFuture(Outcome.reply(o));
    }

    private static CompletableFuture<Outcome> ping(Call c) {
        JsonObject o = new JsonObject();
        o.addProperty("time", Wire.time(Instant.now()));
        return CompletableFuture.completedFuture(Outcome.reply(o));
    }
}
