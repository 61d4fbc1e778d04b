package todo.verbs;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.protocol.Request;
import todo.protocol.Wire;

/**
 * The table of protocol v1 verbs, and the checks that come before any of them runs (known type, signed in, the
 * right kind of caller). Immutable after construction; used on the loop thread.
 */
public final class Verbs {
    static final String NAME = "todo-server";
    static final String VERSION = "1.0.0";
    static final int PROTOCOL = 1;
    private static final int MAX_TYPE_IN_MESSAGE = 40;

    private final List<Verb> all;
    private final Map<String, Verb> byName = new HashMap<>();

    /**
     * @param hashing            where password hashing runs
     * @param passwordIterations PBKDF2 iterations for new passwords
     * @param limits             the caps on tasks per list and lists per user, and the bulk verbs' chunk
     */
    public Verbs(Hashing hashing, int passwordIterations, Limits limits) {
        Caps caps = new Caps(limits);
        List<Verb> v = new ArrayList<>();
        v.add(Verb.open("info", this::info));
        v.add(Verb.open("ping", Verbs::ping));
        v.addAll(new AccountVerbs(hashing, passwordIterations).all());
        v.addAll(ListVerbs.all(caps));
        v.addAll(new TaskVerbs(caps, limits.bulkChunk()).all());
        v.addAll(new HistoryVerbs(caps).all());
        this.all = List.copyOf(v);
        all.forEach(verb -> byName.put(verb.name(), verb));
    }

    /** Every verb's name (the wire's {@code type}). */
    public List<String> names() {
        return all.stream().map(Verb::name).toList();
    }

    /**
     * The verb that runs {@code req} for {@code caller}.
     *
     * @throws ApiException {@code unknown_type}, {@code unauthenticated}, or {@code bad_request} for a live-only
     *                      verb on another kind of caller
     */
    public Verb resolve(Request req, Caller caller) {
        Verb v = byName.get(req.type());
        if (v == null) {
            String t = req.type();
            throw new ApiException(ErrorCode.UNKNOWN_TYPE, "unknown type: "
                    + (t.length() > MAX_TYPE_IN_MESSAGE ? t.substring(0, MAX_TYPE_IN_MESSAGE) + "..." : t));
        }
        if (v.needsAuth() && caller.identity() == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "sign in first: register, login or auth");
        }
        if (v.liveOnly() && caller.feed() == null) {
            throw ApiException.badRequest(v.name() + " needs a live connection");
        }
        return v;
    }

    /**
     * The identity a bearer token names, for a caller that presents its token with each request (HTTP): the same
     * lookup as {@code auth}, read from storage each time. Fails with {@code unauthenticated}. Loop thread.
     */
    public CompletableFuture<Identity> identify(String token, Storage storage) {
        return AccountVerbs.identify(token, storage)
                .thenApply(o -> new Identity(o.user().id(), o.user().username(), o.tokenHash()));
    }

    private CompletableFuture<Result> info(Request req, Caller c) {
        JsonObject o = new JsonObject();
        o.addProperty("name", NAME);
        o.addProperty("version", VERSION);
        o.addProperty("protocol", PROTOCOL);
        o.add("types", Wire.strings(all.stream().map(Verb::name).toList()));
        return CompletableFuture.completedFuture(Result.reply(o));
    }

    private static CompletableFuture<Result> ping(Request req, Caller c) {
        JsonObject o = new JsonObject();
        o.addProperty("time", Wire.time(Instant.now()));
        return CompletableFuture.completedFuture(Result.reply(o));
    }
}
