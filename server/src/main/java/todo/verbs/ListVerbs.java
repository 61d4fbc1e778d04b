package todo.verbs;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.model.ListChange;
import todo.model.Role;
import todo.protocol.Validate;
import todo.protocol.Wire;
import todo.store.StoreOp;

/**
 * lists, list.create/rename/delete/share/role/unshare. Membership, ownership and roles are checked by the store;
 * a rename is a change, refused to viewers ({@link RoleGate}).
 */
final class ListVerbs {
    private ListVerbs() {}

    /** @param caps the lists-per-user cap, checked for {@code list.create} and {@code list.share} */
    static List<Verb> all(Caps caps) {
        return List.of(
                Verb.authed("lists", (req, c) -> {
                    long userId = c.identity().userId();
                    return c.storage().read(repo -> repo.lists().listsFor(userId)).thenApply(lists -> {
                        JsonArray a = new JsonArray();
                        lists.forEach(l -> a.add(Wire.list(l)));
                        JsonObject body = new JsonObject();
                        body.add("lists", a);
                        return Result.reply(body);
                    });
                }),
                Verb.authed("list.create", (req, c) -> {
                    String title = Validate.title(req);
                    long userId = c.identity().userId();
                    Instant now = Instant.now();
                    return change(c, repo -> caps.lists(repo, repo.lists().create(userId, title, now)));
                }),
                Verb.authed("list.rename", (req, c) -> {
                    long list = req.id("list");
                    String title = Validate.title(req);
                    long userId = c.identity().userId();
                    return change(c, repo -> repo.lists().rename(userId, list, title));
                }).changes(Target.LIST),
                Verb.authed("list.delete", (req, c) -> {
                    long list = req.id("list");
                    long userId = c.identity().userId();
                    return change(c, repo -> repo.lists().delete(userId, list));
                }),
                Verb.authed("list.share", (req, c) -> {
                    long list = req.id("list");
                    String username = Validate.lookupName(req, "username");
                    Role role = Validate.memberRole(req, "role", false);
                    long userId = c.identity().userId();
                    return change(c, repo -> caps.lists(repo, repo.lists().share(userId, list, username, role)));
                }),
                Verb.authed("list.role", (req, c) -> {
                    long list = req.id("list");
                    String username = Validate.lookupName(req, "username");
                    Role role = Validate.memberRole(req, "role", true);
                    long userId = c.identity().userId();
                    return change(c, repo -> repo.lists().setRole(userId, list, username, role));
                }),
                Verb.authed("list.unshare", (req, c) -> {
                    long list = req.id("list");
                    String username = Validate.lookupName(req, "username");
                    long userId = c.identity().userId();
                    return change(c, repo -> repo.lists().unshare(userId, list, username));
                }));
    }

    /** Runs a list change; replies with the list as it is now (nothing for a deletion), then tells the members. */
    private static CompletableFuture<Result> change(Caller c, StoreOp<ListChange> op) {
        return c.storage().write(op).thenApply(change -> {
            JsonObject body = new JsonObject();
            if (change.after() != null) {
                body.add("list", Wire.list(change.after()));
            }
            return Result.of(body, Effect.ListChanged.of(change));
        });
    }
}
