package todo.loop;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.model.Credentials;
import todo.model.User;
import todo.protocol.ApiException;
import todo.protocol.ErrorCode;
import todo.protocol.Validate;
import todo.protocol.Wire;
import todo.security.Passwords;
import todo.security.Tokens;

/** register, login, auth, logout and the profile verbs. Handlers run on the loop; hashing on the crypto pool. */
final class AccountVerbs {
    private static final String BAD_CREDENTIALS = "unknown username or wrong password";
    /** Verifying against this when the user does not exist keeps unknown names as slow as wrong passwords. */
    private static final byte[] DUMMY_SALT = new byte[Passwords.SALT_BYTES];

    private AccountVerbs() {}

    static List<Verb> all() {
        return List.of(
                Verb.exclusive("register", false, AccountVerbs::register),
                Verb.exclusive("login", false, AccountVerbs::login),
                Verb.exclusive("auth", false, AccountVerbs::auth),
                Verb.exclusive("logout", true, AccountVerbs::logout),
                Verb.authed("profile.get", AccountVerbs::profileGet),
                Verb.exclusive("profile.update", true, AccountVerbs::profileUpdate),
                Verb.exclusive("profile.delete", true, AccountVerbs::profileDelete));
    }

    private record Issued(Passwords.Hashed hashed, String token) {}

    private static CompletableFuture<Outcome> register(Call c) {
        String username = Validate.username(c.req, "username");
        String password = Validate.password(c.req, "password");
        String email = Validate.email(c.req);
        int iterations = c.hub().passwordIterations;
        return c.crypto(() -> new Issued(Passwords.hash(password, iterations), Tokens.newToken()))
                .thenCompose(p -> {
                    byte[] tokenHash = Tokens.hash(p.token());
                    Instant now = Instant.now();
                    return c.write(repo -> repo.createUser(username, email, p.hashed().salt(), p.hashed().hash(),
                                    p.hashed().iterations(), tokenHash, now, now.plus(Tokens.LIFETIME)))
                            .thenApply(user -> signedIn(c, user, p.token(), tokenHash));
                });
    }

    private static CompletableFuture<Outcome> login(Call c) {
        String username = Validate.lookupName(c.req, "username");
        String password = c.req.text("password", 1, Validate.PASSWORD_MAX, false);
        int iterations = c.hub().passwordIterations;
        return c.read(repo -> repo.credentials(username))
                .thenCompose(cred -> c.crypto(() -> matches(cred, password, iterations) ? Tokens.newToken() : null)
                        .thenCompose(token -> {
                            if (token == null) {
                                throw new ApiException(ErrorCode.BAD_CREDENTIALS, BAD_CREDENTIALS);
                            }
                            byte[] tokenHash = Tokens.hash(token);
                            Instant now = Instant.now();
                            long userId = cred.user().id();
                            return c.write(repo -> {
                                Credentials current = stillCurrent(repo.credentials(userId), cred, BAD_CREDENTIALS);
                                repo.insertToken(userId, tokenHash, now, now.plus(Tokens.LIFETIME));
                                return current.user();
                            }).thenApply(user -> signedIn(c, user, token, tokenHash));
                        }));
    }

    private static CompletableFuture<Outcome> auth(Call c) {
        // Any string that is not one of our tokens is simply an unknown token.
        String token = c.req.text("token", 0, Integer.MAX_VALUE, false);
        if (!Validate.isTokenShaped(token)) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "token unknown, revoked or expired");
        }
        byte[] tokenHash = Tokens.hash(token);
        return c.read(repo -> repo.userForToken(tokenHash, Instant.now())).thenApply(user -> {
            if (user == null) {
                throw new ApiException(ErrorCode.UNAUTHENTICATED, "token unknown, revoked or expired");
            }
            JsonObject body = new JsonObject();
            body.add("user", Wire.user(user, true));
            return new Outcome(body, () -> c.hub().signIn(c.session, user, tokenHash));
        });
    }

    private static CompletableFuture<Outcome> logout(Call c) {
        byte[] tokenHash = c.session.tokenHash;
        long userId = c.userId;
        return c.write(repo -> {
            repo.revokeToken(tokenHash);
            return null;
        }).thenApply(v -> new Outcome(new JsonObject(), () -> {
            Hub hub = c.hub();
            hub.signOut(c.session);
            hub.closeSessions(hub.registry.withToken(userId, tokenHash), CloseCodes.SIGNED_OUT, "signed out");
        }));
    }

    private static CompletableFuture<Outcome> profileGet(Call c) {
        if (!c.req.has("username") || c.req.isNull("username")) {
            long id = c.userId;
            return c.read(repo -> repo.credentials(id)).thenApply(cred -> userReply(cred.user(), true));
        }
        String name = Validate.lookupName(c.req, "username");
        long self = c.userId;
        return c.read(repo -> repo.findUser(name)).thenApply(user -> {
            if (user == null) {
                throw ApiException.notFound("user");
            }
            return userReply(user, user.id() == self);
        });
    }

    private static CompletableFuture<Outcome> profileUpdate(Call c) {
        String current = c.req.text("currentPassword", 1, Validate.PASSWORD_MAX, false);
        boolean emailSet = c.req.has("email");
        String email = Validate.email(c.req);
        String password = c.req.has("password") && !c.req.isNull("password") ? Validate.password(c.req, "password") : null;
        if (!emailSet && password == null) {
            throw ApiException.badRequest("profile.update needs email or password");
        }
        long userId = c.userId;
        byte[] keep = c.session.tokenHash;
        int iterations = c.hub().passwordIterations;
        return c.read(repo -> repo.credentials(userId))
                .thenCompose(cred -> c.crypto(() -> {
                    if (!matches(cred, current, iterations)) {
                        throw new ApiException(ErrorCode.BAD_CREDENTIALS, "currentPassword is wrong");
                    }
                    return password == null ? null : Passwords.hash(password, iterations);
                }).thenCompose(h -> c.write(repo -> {
                    stillCurrent(repo.credentials(userId), cred, "currentPassword is wrong");
                    User u = h == null
                            ? repo.updateProfile(userId, emailSet, email, null, null, 0)
                            : repo.updateProfile(userId, emailSet, email, h.salt(), h.hash(), h.iterations());
                    if (h != null) {
                        repo.revokeOtherTokens(userId, keep);
                    }
                    return u;
                }).thenApply(u -> new Outcome(userBody(u), h == null ? null : () -> {
                    Hub hub = c.hub();
                    List<Session> others = hub.registry.ofUser(userId).stream()
                            .filter(s -> s != c.session && !java.util.Arrays.equals(s.tokenHash, keep)).toList();
                    hub.closeSessions(others, CloseCodes.SIGNED_OUT, "password changed");
                }))));
    }

    private static CompletableFuture<Outcome> profileDelete(Call c) {
        String password = c.req.text("password", 1, Validate.PASSWORD_MAX, false);
        long userId = c.userId;
        int iterations = c.hub().passwordIterations;
        return c.read(repo -> repo.credentials(userId))
                .thenCompose(cred -> c.crypto(() -> {
                    if (!matches(cred, password, iterations)) {
                        throw new ApiException(ErrorCode.BAD_CREDENTIALS, "password is wrong");
                    }
                    return cred;
                }))
                .thenCompose(cred -> c.write(repo -> {
                    stillCurrent(repo.credentials(userId), cred, "password is wrong");
                    return repo.deleteUser(userId);
                }))
                .thenApply(changes -> new Outcome(new JsonObject(), () -> {
                    Hub hub = c.hub();
                    changes.forEach(hub::listChanged);
                    hub.closeSessions(hub.registry.ofUser(userId), CloseCodes.SIGNED_OUT, "account deleted");
                }));
    }

    /** Runs on the crypto pool. An unknown user costs the same work as a wrong password. */
    private static boolean matches(Credentials cred, String password, int iterations) {
        if (cred == null) {
            Passwords.verify(password, DUMMY_SALT, new byte[Passwords.HASH_BYTES], iterations);
            return false;
        }
        return Passwords.verify(password, cred.salt(), cred.hash(), cred.iterations());
    }

    /**
     * Runs on the writer, inside the write that acts on a verified password: the stored password must still be
     * the one verified, or the request fails with {@code bad_credentials}. Verifying takes hundreds of
     * milliseconds off the writer; a password change (or account deletion) that commits meanwhile must lock out
     * whoever knows only the old password, so the check belongs in the same transaction as the effect.
     */
    private static Credentials stillCurrent(Credentials now, Credentials verified, String message) {
        if (now == null || now.iterations() != verified.iterations()
                || !java.util.Arrays.equals(now.salt(), verified.salt())
                || !java.util.Arrays.equals(now.hash(), verified.hash())) {
            throw new ApiException(ErrorCode.BAD_CREDENTIALS, message);
        }
        return now;
    }

    private static Outcome signedIn(Call c, User user, String token, byte[] tokenHash) {
        JsonObject body = userBody(user);
        body.addProperty("token", token);
        return new Outcome(body, () -> c.hub().signIn(c.session, user, tokenHash));
    }

    private static Outcome userReply(User u, boolean self) {
        JsonObject body = new JsonObject();
        body.add("user", Wire.user(u, self));
        return Outcome.reply(body);
    }

    private static JsonObject userBody(User u) {
        JsonObject body = new JsonObject();
        body.add("user", Wire.user(u, true));
        return body;
    }
}
