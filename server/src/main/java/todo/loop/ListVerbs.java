package todo.loop;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.model.ListChange;
import todo.protocol.Validate;
import todo.protocol.Wire;
import todo.store.StoreOp;

/** lists, list.create/rename/delete/share/unshare. Membership and ownership are checked by the store. */
final class ListVerbs {
    private ListVerbs() {}

    static List<Verb> all() {
        return List.of(
                Verb.authed("lists", ListVerbs::lists),
                Verb.authed("list.create", c -> {
                    String title = Validate.title(c.req);
                    Instant now = Instant.now();
                    int max = c.hub().limits.listsPerUser();
                    return change(c, repo -> Caps.lists(repo, repo.createList(c.userId, title, now), max));
                }),
                Verb.authed("list.rename", c -> {
                    long list = c.req.id("list");
                    String title = Validate.title(c.req);
                    return change(c, repo -> repo.renameList(c.userId, list, title));
                }),
                Verb.authed("list.delete", c -> {
                    long list = c.req.id("list");
                    return change(c, repo -> repo.deleteList(c.userId, list));
                }),
                Verb.authed("list.share", c -> {
                    long list = c.req.id("list");
                    String username = Validate.lookupName(c.req, "username");
                    int max = c.hub().limits.listsPerUser();
                    return change(c, repo -> Caps.lists(repo, repo.shareList(c.userId, list, username), max));
                }),
                Verb.authed("list.unshare", c -> {
                    long list = c.req.id("list");
                    String username = Validate.lookupName(c.req, "username");
                    return change(c, repo -> repo.unshareList(c.userId, list, username));
                }));
    }

    private static CompletableFuture<Outcome> lists(Call c) {
        long userId = c.userId;
        return c.read(repo -> repo.listsFor(userId)).thenApply(lists -> {
            JsonArray a = new JsonArray();
            lists.forEach(l -> a.add(Wire.list(l)));
            JsonObject body = new JsonObject();
            body.add("lists", a);
            return Outcome.reply(body);
        });
    }

    /** Runs a list change; replies with the list as it is now (nothing for a deletion), then tells the members. */
    private static CompletableFuture<Outcome> change(Call c, StoreOp<ListChange> op) {
        return c.write(op).thenApply(change -> {
            JsonObject body = new JsonObject();
            if (change.after() != null) {
                body.add("list", Wire.list(change.after()));
            }
            return new Outcome(body, () -> c.hub().listChanged(change));
        });
    }
}
