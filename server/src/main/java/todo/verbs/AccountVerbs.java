package todo.verbs;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import todo.error.ApiException;
import todo.error.ErrorCode;
import todo.model.Credentials;
import todo.model.User;
import todo.protocol.Request;
import todo.protocol.Validate;
import todo.protocol.Wire;
import todo.security.Passwords;
import todo.security.Tokens;
import todo.store.Accounts;

/** register, login, auth, logout and the profile verbs. Handlers run on the loop; hashing on the crypto pool. */
final class AccountVerbs {
    private static final String BAD_CREDENTIALS = "unknown username or wrong password";
    /** Verifying against this when the user does not exist keeps unknown names as slow as wrong passwords. */
    private static final byte[] DUMMY_SALT = new byte[Passwords.SALT_BYTES];

    private final Hashing hashing;
    private final int iterations;

    AccountVerbs(Hashing hashing, int passwordIterations) {
        this.hashing = hashing;
        this.iterations = passwordIterations;
    }

    List<Verb> all() {
        return List.of(
                Verb.exclusive("register", false, this::register),
                Verb.exclusive("login", false, this::login),
                Verb.exclusive("auth", false, this::auth).onlyLive(),
                Verb.exclusive("logout", true, this::logout),
                Verb.authed("profile.get", this::profileGet),
                Verb.exclusive("profile.update", true, this::profileUpdate),
                Verb.exclusive("profile.delete", true, this::profileDelete));
    }

    private record Issued(Passwords.Hashed hashed, String token) {}

    private CompletableFuture<Result> register(Request req, Caller c) {
        String username = Validate.username(req, "username");
        String password = Validate.password(req, "password");
        String email = Validate.email(req);
        return hashing.run(c, () -> new Issued(Passwords.hash(password, iterations), Tokens.newToken()))
                .thenCompose(p -> {
                    byte[] tokenHash = Tokens.hash(p.token());
                    Instant now = Instant.now();
                    return c.storage().write(repo -> repo.accounts().createUser(username, email, p.hashed().salt(),
                                    p.hashed().hash(), p.hashed().iterations(), tokenHash, now,
                                    now.plus(Tokens.LIFETIME)))
                            .thenApply(user -> signedIn(user, p.token(), tokenHash));
                });
    }

    private CompletableFuture<Result> login(Request req, Caller c) {
        String username = Validate.lookupName(req, "username");
        String password = req.text("password", 1, Validate.PASSWORD_MAX, false);
        return c.storage().read(repo -> repo.accounts().credentials(username))
                .thenCompose(cred -> hashing.run(c, () -> matches(cred, password) ? Tokens.newToken() : null)
                        .thenCompose(token -> {
                            if (token == null) {
                                throw new ApiException(ErrorCode.BAD_CREDENTIALS, BAD_CREDENTIALS);
                            }
                            byte[] tokenHash = Tokens.hash(token);
                            Instant now = Instant.now();
                            long userId = cred.user().id();
                            return c.storage().write(repo -> {
                                Credentials current = stillCurrent(repo.accounts().credentials(userId), cred,
                                        BAD_CREDENTIALS);
                                repo.accounts().insertToken(userId, tokenHash, now, now.plus(Tokens.LIFETIME));
                                return current.user();
                            }).thenApply(user -> signedIn(user, token, tokenHash));
                        }));
    }

    private CompletableFuture<Result> auth(Request req, Caller c) {
        // Any string that is not one of our tokens is simply an unknown token.
        String token = req.text("token", 0, Integer.MAX_VALUE, false);
        return identify(token, c.storage()).thenApply(who -> {
            JsonObject body = new JsonObject();
            body.add("user", Wire.user(who.user(), true));
            return Result.of(body, new Effect.SignedIn(who.user(), who.tokenHash()));
        });
    }

    /** A signed-in user and the hash of the token that names them. */
    record TokenOwner(User user, byte[] tokenHash) {}

    /**
     * The user a token names, read from storage each time (so a revocation takes effect at once).
     * Fails with {@code unauthenticated} for a token that is malformed, unknown, revoked or expired. Loop thread.
     */
    static CompletableFuture<TokenOwner> identify(String token, Storage storage) {
        if (!Validate.isTokenShaped(token)) {
            return CompletableFuture.failedFuture(
                    new ApiException(ErrorCode.UNAUTHENTICATED, "token unknown, revoked or expired"));
        }
        byte[] tokenHash = Tokens.hash(token);
        return storage.read(repo -> repo.accounts().userForToken(tokenHash, Instant.now())).thenApply(user -> {
            if (user == null) {
                throw new ApiException(ErrorCode.UNAUTHENTICATED, "token unknown, revoked or expired");
            }
            return new TokenOwner(user, tokenHash);
        });
    }

    /**
     * Revokes the caller's token; signs this connection out (if it is one), then closes the user's sessions
     * signed in with the same token.
     */
    private CompletableFuture<Result> logout(Request req, Caller c) {
        Identity me = c.identity();
        return c.storage().write(repo -> {
            repo.accounts().revokeToken(me.tokenHash());
            return null;
        }).thenApply(v -> Result.of(new JsonObject(), List.of(new Effect.SignedOut(),
                new Effect.CloseSessions(me.userId(), Effect.Which.WITH_TOKEN, me.tokenHash(),
                        Effect.Why.SIGNED_OUT))));
    }

    private CompletableFuture<Result> profileGet(Request req, Caller c) {
        long self = c.identity().userId();
        if (!req.has("username") || req.isNull("username")) {
            return c.storage().read(repo -> repo.accounts().credentials(self))
                    .thenApply(cred -> userReply(cred.user(), true));
        }
        String name = Validate.lookupName(req, "username");
        return c.storage().read(repo -> repo.accounts().findUser(name)).thenApply(user -> {
            if (user == null) {
                throw ApiException.notFound("user");
            }
            return userReply(user, user.id() == self);
        });
    }

    /** A new password revokes every other token and closes the sessions signed in with them. */
    private CompletableFuture<Result> profileUpdate(Request req, Caller c) {
        String current = req.text("currentPassword", 1, Validate.PASSWORD_MAX, false);
        boolean emailSet = req.has("email");
        String email = Validate.email(req);
        String password = req.has("password") && !req.isNull("password") ? Validate.password(req, "password") : null;
        if (!emailSet && password == null) {
            throw ApiException.badRequest("profile.update needs email or password");
        }
        Identity me = c.identity();
        long userId = me.userId();
        byte[] keep = me.tokenHash();
        return c.storage().read(repo -> repo.accounts().credentials(userId))
                .thenCompose(cred -> hashing.run(c, () -> {
                    if (!matches(cred, current)) {
                        throw new ApiException(ErrorCode.BAD_CREDENTIALS, "currentPassword is wrong");
                    }
                    return password == null ? null : Passwords.hash(password, iterations);
                }).thenCompose(h -> c.storage().write(repo -> {
                    Accounts accounts = repo.accounts();
                    stillCurrent(accounts.credentials(userId), cred, "currentPassword is wrong");
                    User u = h == null
                            ? accounts.updateProfile(userId, emailSet, email, null, null, 0)
                            : accounts.updateProfile(userId, emailSet, email, h.salt(), h.hash(), h.iterations());
                    if (h != null) {
                        accounts.revokeOtherTokens(userId, keep);
                    }
                    return u;
                }).thenApply(u -> h == null ? Result.reply(userBody(u)) : Result.of(userBody(u),
                        new Effect.CloseSessions(userId, Effect.Which.EXCEPT_TOKEN, keep,
                                Effect.Why.PASSWORD_CHANGED)))));
    }

    private CompletableFuture<Result> profileDelete(Request req, Caller c) {
        String password = req.text("password", 1, Validate.PASSWORD_MAX, false);
        long userId = c.identity().userId();
        return c.storage().read(repo -> repo.accounts().credentials(userId))
                .thenCompose(cred -> hashing.run(c, () -> {
                    if (!matches(cred, password)) {
                        throw new ApiException(ErrorCode.BAD_CREDENTIALS, "password is wrong");
                    }
                    return cred;
                }))
                .thenCompose(cred -> c.storage().write(repo -> {
                    stillCurrent(repo.accounts().credentials(userId), cred, "password is wrong");
                    return repo.accounts().deleteUser(userId);
                }))
                .thenApply(changes -> {
                    List<Effect> effects = new ArrayList<>(changes.size() + 1);
                    changes.forEach(ch -> effects.add(Effect.ListChanged.of(ch)));
                    effects.add(new Effect.CloseSessions(userId, Effect.Which.ALL, null, Effect.Why.ACCOUNT_DELETED));
                    return Result.of(new JsonObject(), effects);
                });
    }

    /** Runs on the crypto pool. An unknown user costs the same work as a wrong password. */
    private boolean matches(Credentials cred, String password) {
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
                || !Arrays.equals(now.salt(), verified.salt()) || !Arrays.equals(now.hash(), verified.hash())) {
            throw new ApiException(ErrorCode.BAD_CREDENTIALS, message);
        }
        return now;
    }

    private static Result signedIn(User user, String token, byte[] tokenHash) {
        JsonObject body = userBody(user);
        body.addProperty("token", token);
        return Result.of(body, new Effect.SignedIn(user, tokenHash));
    }

    private static Result userReply(User u, boolean self) {
        JsonObject body = new JsonObject();
        body.add("user", Wire.user(u, self));
        return Result.reply(body);
    }

    private static JsonObject userBody(User u) {
        JsonObject body = new JsonObject();
        body.add("user", Wire.user(u, true));
        return body;
    }
}
