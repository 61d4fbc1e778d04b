package todo.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.Json.keys;
import static todo.support.Json.strings;
import static todo.support.TestClient.json;
import static todo.support.TestClient.reply;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import todo.support.ServerTest;
import todo.support.TestClient;
import todo.support.TestServer;

/** register, login, auth, logout and the profile verbs, on a real server. */
class AccountsTest extends ServerTest {
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Set<String> OPEN_VERBS = Set.of("info", "ping", "register", "login", "auth");

    /**
     * A server whose password hashing takes long enough (tens of milliseconds) that a request pipelined behind
     * register or login surely arrives while it is still running.
     */
    private TestServer slowHashing() throws Exception {
        return anotherServer("slow", c -> c.withPasswordIterations(200_000));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static JsonObject register(TestClient c, String username, String password) {
        return c.ok(json("type", "register", "username", username, "password", password));
    }

    private static String registerToken(TestClient c, String username) {
        return register(c, username, "password-" + username).get("token").getAsString();
    }

    // ---- register ------------------------------------------------------------------------------------------

    @Test
    void registerRepliesWithTheOwnUserIncludingEmailAndA43CharacterToken() {
        TestClient c = server.connect();
        JsonObject r = c.ok(json("type", "register", "username", "alice", "password", "correct horse",
                "email", "alice@example.com"));
        JsonObject user = r.getAsJsonObject("user");
        assertEquals(Set.of("username", "email", "joined"), keys(user));
        assertEquals("alice", user.get("username").getAsString());
        assertEquals("alice@example.com", user.get("email").getAsString());
        assertTrue(TIME.matcher(user.get("joined").getAsString()).matches(), "joined: " + user);
        assertTrue(TOKEN.matcher(r.get("token").getAsString()).matches(), "token: " + r.get("token"));
    }

    @Test
    void registerWithoutEmailGivesANullEmail() {
        TestClient c = server.connect();
        JsonObject user = register(c, "alice", "password-alice").getAsJsonObject("user");
        assertTrue(user.has("email"), "own user carries email: " + user);
        assertTrue(user.get("email").isJsonNull(), "email: " + user);
    }

    @Test
    void registerGivesTheNewUserAListTitledMyTasksThatTheyOwn() {
        TestClient c = server.user("alice");
        List<JsonObject> lists = c.lists();
        assertEquals(1, lists.size(), "lists: " + lists);
        JsonObject l = lists.get(0);
        assertEquals("My tasks", l.get("title").getAsString());
        assertEquals("alice", l.get("owner").getAsString());
        assertEquals(List.of("alice"), strings(l.getAsJsonArray("members")));
        assertEquals(0, l.get("rev").getAsLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab"})
    void aUsernameShorterThanThreeCharactersIsABadRequestNamingUsername(String name) {
        TestClient c = server.connect();
        JsonObject r = c.error(json("type", "register", "username", name, "password", "password-1"), "bad_request");
        assertTrue(r.get("message").getAsString().contains("username"), r.toString());
    }

    @Test
    void aUsernameLongerThanThirtyTwoCharactersIsABadRequestNamingUsername() {
        TestClient c = server.connect();
        JsonObject r = c.error(json("type", "register", "username", "a".repeat(33), "password", "password-1"),
                "bad_request");
        assertTrue(r.get("message").getAsString().contains("username"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"al ice", "al!ce", "alice@home", "al/ice", "ålice", "émile", "名前名前", "bob\u0000x", "tab\tx"})
    void aUsernameWithCharactersOutsideTheAllowedSetIsABadRequestNamingUsername(String name) {
        TestClient c = server.connect();
        JsonObject r = c.error(json("type", "register", "username", name, "password", "password-1"), "bad_request");
        assertTrue(r.get("message").getAsString().contains("username"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "A.b_c-9", "abcdefghijklmnopqrstuvwxyz012345"})
    void usernamesOfThreeToThirtyTwoAllowedCharactersAreAcceptedAsTyped(String name) {
        TestClient c = server.connect();
        JsonObject r = register(c, name, "password-1");
        assertEquals(name, r.getAsJsonObject("user").get("username").getAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALICE", "Alice", "alice"})
    void registeringATakenUsernameIgnoringCaseIsAConflict(String again) {
        server.user("alice");
        TestClient c = server.connect();
        c.error(json("type", "register", "username", again, "password", "password-2"), "conflict");
    }

    @Test
    void aRegisterThatFailsLeavesTheConnectionSignedOut() {
        server.user("alice");
        TestClient c = server.connect();
        c.error(json("type", "register", "username", "Alice", "password", "password-2"), "conflict");
        c.error(json("type", "lists"), "unauthenticated");
    }

    @Test
    void aPasswordShorterThanEightCharactersIsABadRequestNamingPassword() {
        TestClient c = server.connect();
        JsonObject r = c.error(json("type", "register", "username", "alice", "password", "1234567"), "bad_request");
        assertTrue(r.get("message").getAsString().contains("password"), r.toString());
    }

    @Test
    void aPasswordLongerThan1024CharactersIsABadRequestNamingPassword() {
        TestClient c = server.connect();
        JsonObject r = c.error(json("type", "register", "username", "alice", "password", "p".repeat(1025)),
                "bad_request");
        assertTrue(r.get("message").getAsString().contains("password"), r.toString());
    }

    @Test
    void passwordsOfEightAnd1024CharactersAreAcceptedAndLogIn() {
        TestClient a = server.connect();
        register(a, "alice", "12345678");
        TestClient b = server.connect();
        register(b, "bobby", "p".repeat(1024));
        server.connect().ok(json("type", "login", "username", "alice", "password", "12345678"));
        server.connect().ok(json("type", "login", "username", "bobby", "password", "p".repeat(1024)));
    }

    @Test
    void aMalformedEmailIsABadRequestNamingEmail() {
        TestClient c = server.connect();
        JsonObject r = c.error(json("type", "register", "username", "alice", "password", "password-1",
                "email", "not an email"), "bad_request");
        assertTrue(r.get("message").getAsString().contains("email"), r.toString());
    }

    // ---- login ---------------------------------------------------------------------------------------------

    @Test
    void loginWithTheRightPasswordSignsInAndIssuesAFreshToken() {
        TestClient a = server.connect();
        String first = registerToken(a, "alice");
        TestClient c = server.connect();
        JsonObject r = c.ok(json("type", "login", "username", "alice", "password", "password-alice"));
        String token = r.get("token").getAsString();
        assertTrue(TOKEN.matcher(token).matches(), token);
        assertNotEquals(first, token);
        assertEquals(Set.of("username", "email", "joined"), keys(r.getAsJsonObject("user")));
        assertEquals("alice", c.lists().get(0).get("owner").getAsString());
        server.auth(token);
    }

    @Test
    void loginIgnoresTheCaseOfTheUsernameAndRepliesWithTheNameAsRegistered() {
        register(server.connect(), "Alice", "password-alice");
        TestClient c = server.connect();
        JsonObject r = c.ok(json("type", "login", "username", "aLICE", "password", "password-alice"));
        assertEquals("Alice", r.getAsJsonObject("user").get("username").getAsString());
    }

    @Test
    void anUnknownUserAndAWrongPasswordGiveTheSameBadCredentialsMessage() {
        server.user("alice");
        TestClient c = server.connect();
        JsonObject unknown = c.error(json("type", "login", "username", "mallory", "password", "password-alice"),
                "bad_credentials");
        JsonObject wrong = c.error(json("type", "login", "username", "alice", "password", "password-wrong"),
                "bad_credentials");
        assertEquals(unknown.get("message").getAsString(), wrong.get("message").getAsString());
        c.error(json("type", "lists"), "unauthenticated");
    }

    // ---- auth ----------------------------------------------------------------------------------------------

    @Test
    void authWithATokenOnANewConnectionSignsInAsItsUser() {
        TestClient a = server.connect();
        String token = registerToken(a, "alice");
        TestClient c = server.connect();
        JsonObject r = c.ok(json("type", "auth", "token", token));
        assertEquals("alice", r.getAsJsonObject("user").get("username").getAsString());
        assertTrue(r.getAsJsonObject("user").has("email"), r.toString());
        assertFalse(r.has("token"), "auth issues no new token: " + r);
        assertEquals("alice", c.lists().get(0).get("owner").getAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "q3J…"})
    void authWithATokenThatWasNeverIssuedIsUnauthenticated(String token) {
        server.user("alice");
        TestClient c = server.connect();
        c.error(json("type", "auth", "token", token), "unauthenticated");
        c.error(json("type", "lists"), "unauthenticated");
    }

    @Test
    void authWithAVeryLongStringIsUnauthenticatedLikeAnyOtherUnknownToken() {
        // The protocol reserves bad_request for a token that is missing or not a string.
        TestClient c = server.connect();
        c.error(json("type", "auth", "token", "x".repeat(200)), "unauthenticated");
    }

    @Test
    void authWithARevokedTokenIsUnauthenticated() {
        TestClient a = server.connect();
        String token = registerToken(a, "alice");
        a.ok(json("type", "logout"));
        server.connect().error(json("type", "auth", "token", token), "unauthenticated");
    }

    // ---- logout --------------------------------------------------------------------------------------------

    @Test
    void logoutRepliesEmptyAndRevokesTheTokenForLaterAuth() {
        TestClient a = server.connect();
        String token = registerToken(a, "alice");
        JsonObject r = a.ok(json("type", "logout"));
        assertEquals(Set.of("re", "ok"), keys(r));
        server.connect().error(json("type", "auth", "token", token), "unauthenticated");
    }

    @Test
    void afterLogoutThisConnectionIsSignedOutButStaysOpen() {
        TestClient a = server.user("alice");
        a.ok(json("type", "logout"));
        a.error(json("type", "lists"), "unauthenticated");
        assertTrue(a.isOpen());
        a.ok(json("type", "login", "username", "alice", "password", "password-alice"));
        assertEquals(1, a.lists().size());
    }

    @Test
    void logoutClosesOtherConnectionsUsingTheSameTokenWith4401() {
        TestClient a = server.connect();
        String token = registerToken(a, "alice");
        TestClient b = server.auth(token);
        TestClient c = server.auth(token);
        a.ok(json("type", "logout"));
        assertEquals(4401, b.awaitClose());
        assertEquals(4401, c.awaitClose());
        assertTrue(a.isOpen(), "the connection that logged out stays open");
    }

    @Test
    void logoutLeavesConnectionsOnOtherTokensOfTheSameUserSignedIn() {
        TestClient a = server.connect();
        registerToken(a, "alice");
        TestClient other = server.connect();
        String otherToken = other.ok(json("type", "login", "username", "alice", "password", "password-alice"))
                .get("token").getAsString();
        a.ok(json("type", "logout"));
        // A request sent after the logout's reply: had the server closed it, this would fail.
        assertEquals(1, other.lists().size());
        assertTrue(other.isOpen());
        server.auth(otherToken);
    }

    @Test
    void afterLogoutTheConnectionGetsNoEventsFromItsFormerSubscriptions() {
        TestClient a = server.user("alice");
        TestClient bob = server.user("bob");
        long list = a.createList("Shared");
        a.share(list, "bob");
        a.subscribe(list);
        bob.subscribe(list);
        a.ok(json("type", "logout"));
        bob.ok(json("type", "task.create", "list", list, "name", "after logout"));
        bob.awaitEvent("task.created");
        // The broadcast that reached bob went out before the loop handles this ping; a task event for this
        // connection would have been sent before the ping's reply.
        a.settle();
        assertEquals(List.of(), a.events("task.created"), "events after logout: " + a.events());
    }

    // ---- pipelining ----------------------------------------------------------------------------------------

    @Test
    void aRequestPipelinedRightBehindRegisterAlreadyRunsAsTheNewUser() throws Exception {
        TestClient c = slowHashing().connect();
        CompletableFuture<JsonObject> reg = c.send(json("type", "register", "username", "alice",
                "password", "password-alice"));
        CompletableFuture<JsonObject> lists = c.send(json("type", "lists"));
        CompletableFuture<JsonObject> me = c.send(json("type", "profile.get"));
        assertTrue(reply(reg).get("ok").getAsBoolean(), reply(reg).toString());
        JsonObject l = reply(lists);
        assertTrue(l.get("ok").getAsBoolean(), l.toString());
        assertEquals(1, l.getAsJsonArray("lists").size(), l.toString());
        assertEquals("alice", l.getAsJsonArray("lists").get(0).getAsJsonObject().get("owner").getAsString());
        assertEquals("alice", reply(me).getAsJsonObject("user").get("username").getAsString());
    }

    @Test
    void aRequestPipelinedRightBehindLoginRunsAsTheNewUserNotThePreviousOne() throws Exception {
        TestServer slow = slowHashing();
        slow.user("bob");
        TestClient c = slow.user("alice");
        CompletableFuture<JsonObject> login = c.send(json("type", "login", "username", "bob",
                "password", "password-bob"));
        CompletableFuture<JsonObject> me = c.send(json("type", "profile.get"));
        assertTrue(reply(login).get("ok").getAsBoolean(), reply(login).toString());
        assertEquals("bob", reply(me).getAsJsonObject("user").get("username").getAsString());
    }

    @Test
    void aRequestPipelinedRightBehindAuthAlreadyRunsAsTheTokensUser() throws Exception {
        String token = registerToken(server.connect(), "alice");
        TestClient c = server.connect();
        CompletableFuture<JsonObject> auth = c.send(json("type", "auth", "token", token));
        CompletableFuture<JsonObject> lists = c.send(json("type", "lists"));
        assertTrue(reply(auth).get("ok").getAsBoolean(), reply(auth).toString());
        assertTrue(reply(lists).get("ok").getAsBoolean(), reply(lists).toString());
        assertEquals(1, reply(lists).getAsJsonArray("lists").size());
    }

    // ---- profile.get ---------------------------------------------------------------------------------------

    @Test
    void profileGetWithoutUsernameReturnsTheOwnUserWithEmail() {
        TestClient c = server.connect();
        c.ok(json("type", "register", "username", "alice", "password", "password-alice", "email", "a@example.com"));
        JsonObject user = c.ok(json("type", "profile.get")).getAsJsonObject("user");
        assertEquals(Set.of("username", "email", "joined"), keys(user));
        assertEquals("alice", user.get("username").getAsString());
        assertEquals("a@example.com", user.get("email").getAsString());
    }

    @Test
    void profileGetOfAnotherUserHasNoEmail() {
        TestClient bob = server.connect();
        bob.ok(json("type", "register", "username", "bob", "password", "password-bob", "email", "b@example.com"));
        TestClient alice = server.user("alice");
        JsonObject user = alice.ok(json("type", "profile.get", "username", "BOB")).getAsJsonObject("user");
        assertEquals(Set.of("username", "joined"), keys(user));
        assertEquals("bob", user.get("username").getAsString());
        assertTrue(TIME.matcher(user.get("joined").getAsString()).matches(), user.toString());
    }

    @Test
    void profileGetOfTheOwnUsernameIncludesTheEmail() {
        TestClient c = server.connect();
        c.ok(json("type", "register", "username", "alice", "password", "password-alice", "email", "a@example.com"));
        JsonObject user = c.ok(json("type", "profile.get", "username", "alice")).getAsJsonObject("user");
        assertEquals("a@example.com", user.get("email").getAsString());
    }

    @Test
    void profileGetOfAnUnknownUserIsNotFound() {
        TestClient c = server.user("alice");
        c.error(json("type", "profile.get", "username", "carol"), "not_found");
    }

    // ---- profile.update ------------------------------------------------------------------------------------

    @Test
    void profileUpdateChangesTheEmail() {
        TestClient c = server.user("alice");
        JsonObject r = c.ok(json("type", "profile.update", "currentPassword", "password-alice",
                "email", "alice@work.example"));
        assertEquals("alice@work.example", r.getAsJsonObject("user").get("email").getAsString());
        JsonObject user = c.ok(json("type", "profile.get")).getAsJsonObject("user");
        assertEquals("alice@work.example", user.get("email").getAsString());
    }

    @Test
    void profileUpdateWithEmailNullClearsTheEmail() {
        TestClient c = server.connect();
        c.ok(json("type", "register", "username", "alice", "password", "password-alice", "email", "a@example.com"));
        c.ok(json("type", "profile.update", "currentPassword", "password-alice", "email", null));
        assertTrue(c.ok(json("type", "profile.get")).getAsJsonObject("user").get("email").isJsonNull());
    }

    @Test
    void profileUpdateWithAWrongCurrentPasswordIsBadCredentialsAndChangesNothing() {
        TestClient c = server.connect();
        c.ok(json("type", "register", "username", "alice", "password", "password-alice", "email", "a@example.com"));
        c.error(json("type", "profile.update", "currentPassword", "password-wrong", "email", "x@example.com",
                "password", "a-new-password"), "bad_credentials");
        assertEquals("a@example.com",
                c.ok(json("type", "profile.get")).getAsJsonObject("user").get("email").getAsString());
        server.connect().ok(json("type", "login", "username", "alice", "password", "password-alice"));
    }

    @Test
    void profileUpdateWithNeitherEmailNorPasswordIsABadRequest() {
        TestClient c = server.user("alice");
        c.error(json("type", "profile.update", "currentPassword", "password-alice"), "bad_request");
    }

    @Test
    void aPasswordChangeRevokesTheUsersOtherTokens() {
        TestClient a = server.user("alice");
        String other = server.connect().ok(json("type", "login", "username", "alice", "password", "password-alice"))
                .get("token").getAsString();
        a.ok(json("type", "profile.update", "currentPassword", "password-alice", "password", "a-new-password"));
        server.connect().error(json("type", "auth", "token", other), "unauthenticated");
    }

    @Test
    void aPasswordChangeClosesTheUsersConnectionsOnOtherTokensWith4401() {
        TestClient a = server.user("alice");
        TestClient b = server.connect();
        b.ok(json("type", "login", "username", "alice", "password", "password-alice"));
        a.ok(json("type", "profile.update", "currentPassword", "password-alice", "password", "a-new-password"));
        assertEquals(4401, b.awaitClose());
    }

    @Test
    void aPasswordChangeLeavesThisConnectionAndItsTokenUsable() {
        TestClient a = server.connect();
        String token = registerToken(a, "alice");
        a.ok(json("type", "profile.update", "currentPassword", "password-alice", "password", "a-new-password"));
        assertEquals(1, a.lists().size());
        assertTrue(a.isOpen());
        server.auth(token);
    }

    @Test
    void aPasswordChangeKeepsOtherConnectionsOnThisConnectionsTokenSignedIn() {
        TestClient a = server.connect();
        String token = registerToken(a, "alice");
        TestClient sameToken = server.auth(token);
        a.ok(json("type", "profile.update", "currentPassword", "password-alice", "password", "a-new-password"));
        assertEquals(1, sameToken.lists().size());
        assertTrue(sameToken.isOpen());
    }

    @Test
    void afterAPasswordChangeOnlyTheNewPasswordLogsIn() {
        TestClient a = server.user("alice");
        a.ok(json("type", "profile.update", "currentPassword", "password-alice", "password", "a-new-password"));
        server.connect().error(json("type", "login", "username", "alice", "password", "password-alice"),
                "bad_credentials");
        server.connect().ok(json("type", "login", "username", "alice", "password", "a-new-password"));
    }

    @Test
    void anEmailOnlyUpdateRevokesNoTokenAndClosesNoConnection() {
        TestClient a = server.user("alice");
        TestClient b = server.connect();
        String other = b.ok(json("type", "login", "username", "alice", "password", "password-alice"))
                .get("token").getAsString();
        a.ok(json("type", "profile.update", "currentPassword", "password-alice", "email", "a@example.com"));
        assertEquals(1, b.lists().size());
        assertTrue(b.isOpen());
        server.auth(other);
    }

    // ---- profile.delete ------------------------------------------------------------------------------------

    @Test
    void profileDeleteWithAWrongPasswordIsBadCredentialsAndKeepsTheAccount() {
        TestClient a = server.user("alice");
        a.error(json("type", "profile.delete", "password", "password-wrong"), "bad_credentials");
        assertTrue(a.isOpen());
        assertEquals(1, a.lists().size());
        server.connect().ok(json("type", "login", "username", "alice", "password", "password-alice"));
    }

    @Test
    void profileDeleteRepliesEmptyAndThenClosesThisConnectionWith4401() {
        TestClient a = server.user("alice");
        JsonObject r = a.ok(json("type", "profile.delete", "password", "password-alice"));
        assertEquals(Set.of("re", "ok"), keys(r));
        assertEquals(4401, a.awaitClose());
        List<JsonObject> frames = a.frames();
        List<JsonObject> after = frames.subList(frames.indexOf(r) + 1, frames.size());
        assertTrue(after.stream().noneMatch(f -> f.has("re")), "no reply after the delete's: " + after);
    }

    @Test
    void profileDeleteClosesTheUsersOtherConnectionsWith4401() {
        TestClient a = server.connect();
        String token = registerToken(a, "alice");
        TestClient sameToken = server.auth(token);
        TestClient otherToken = server.connect();
        otherToken.ok(json("type", "login", "username", "alice", "password", "password-alice"));
        TestClient bystander = server.user("bob");
        a.ok(json("type", "profile.delete", "password", "password-alice"));
        assertEquals(4401, sameToken.awaitClose());
        assertEquals(4401, otherToken.awaitClose());
        assertEquals(4401, a.awaitClose());
        assertTrue(bystander.isOpen());
        assertEquals(1, bystander.lists().size());
    }

    @Test
    void profileDeleteSendsListRemovedToTheMembersOfTheListsTheUserOwned() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long shared = alice.createList("Groceries");
        alice.share(shared, "bob");
        bob.awaitEvent("list.added", e -> e.getAsJsonObject("list").get("id").getAsLong() == shared);
        alice.ok(json("type", "profile.delete", "password", "password-alice"));
        JsonObject removed = bob.awaitEvent("list.removed",
                e -> e.getAsJsonObject("list").get("id").getAsLong() == shared);
        assertEquals(Set.of("id"), keys(removed.getAsJsonObject("list")));
        assertTrue(bob.lists().stream().noneMatch(l -> l.get("id").getAsLong() == shared));
    }

    @Test
    void profileDeleteRemovesTheUserFromOtherPeoplesListsAndTellsTheRemainingMembers() {
        TestClient alice = server.user("alice");
        TestClient bob = server.user("bob");
        long bobs = bob.createList("Bob's");
        bob.share(bobs, "alice");
        alice.awaitEvent("list.added", e -> e.getAsJsonObject("list").get("id").getAsLong() == bobs);
        int before = bob.awaitEvents("list.updated", 1).size(); // the share itself told bob
        alice.ok(json("type", "profile.delete", "password", "password-alice"));
        List<JsonObject> all = bob.awaitEvents("list.updated", before + 1);
        JsonObject updated = all.get(before);
        assertEquals(bobs, updated.getAsJsonObject("list").get("id").getAsLong());
        assertEquals(List.of("bob"), strings(updated.getAsJsonObject("list").getAsJsonArray("members")));
    }

    @Test
    void afterProfileDeleteTheCredentialsAndTokensNoLongerWork() {
        TestClient a = server.connect();
        String token = registerToken(a, "alice");
        a.ok(json("type", "profile.delete", "password", "password-alice"));
        a.awaitClose();
        server.connect().error(json("type", "login", "username", "alice", "password", "password-alice"),
                "bad_credentials");
        server.connect().error(json("type", "auth", "token", token), "unauthenticated");
        server.user("bob").error(json("type", "profile.get", "username", "alice"), "not_found");
    }

    // ---- sign-in required ----------------------------------------------------------------------------------

    @Test
    void everyVerbExceptTheFiveOpenOnesAnswersUnauthenticatedBeforeSignIn() {
        TestClient c = server.connect();
        List<String> types = strings(c.ok(json("type", "info")).getAsJsonArray("types"));
        List<String> checked = new ArrayList<>();
        for (String type : types) {
            if (OPEN_VERBS.contains(type)) {
                continue;
            }
            // Plausible parameters, so that nothing but the missing sign-in can be wrong.
            JsonObject r = c.request(json("type", type, "list", 1, "task", 1, "title", "t", "name", "n",
                    "username", "alice", "password", "password-alice", "currentPassword", "password-alice",
                    "email", "a@example.com", "completed", true));
            assertFalse(r.get("ok").getAsBoolean(), type + " answered " + r);
            assertEquals("unauthenticated", r.get("error").getAsString(), type + " answered " + r);
            checked.add(type);
        }
        assertEquals(Set.of("logout", "profile.get", "profile.update", "profile.delete", "lists", "list.create",
                "list.rename", "list.delete", "list.share", "list.role", "list.unshare", "subscribe", "unsubscribe",
                "tasks", "task.get", "task.create", "task.update", "task.move", "task.delete", "tasks.completeAll",
                "tasks.clearCompleted", "history", "undo", "task.editing"), Set.copyOf(checked));
        assertTrue(c.isOpen());
    }

    @Test
    void theOpenVerbsWorkWithoutSignIn() {
        TestClient c = server.connect();
        c.ok(json("type", "info"));
        c.ok(json("type", "ping"));
        String token = registerToken(c, "alice");
        c.ok(json("type", "logout"));
        server.user("bob");
        TestClient d = server.connect();
        d.ok(json("type", "login", "username", "bob", "password", "password-bob"));
        String bobToken = server.connect().ok(json("type", "login", "username", "bob", "password", "password-bob"))
                .get("token").getAsString();
        server.connect().ok(json("type", "auth", "token", bobToken));
        assertNotEquals(token, bobToken);
    }
}
