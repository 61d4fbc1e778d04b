package todo.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static todo.support.TestClient.json;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import todo.support.ServerTest;
import todo.support.TestClient;

/** /api/v1/accounts: register, login, logout and the profile, over HTTP, with the WebSocket's tokens. */
class RestAccountsTest extends ServerTest {
    Rest rest;

    @BeforeEach
    void client() {
        rest = new Rest(server);
    }

    @Test
    void registerAnswers201WithTheUserATokenAndItsLocation() {
        Rest.Answer a = rest.call("POST", "accounts").json(json("username", "alice", "password", "password-alice",
                "email", "alice@example.org")).send().expect(201);
        assertEquals("alice", a.body().getAsJsonObject("user").get("username").getAsString());
        assertEquals("alice@example.org", a.body().getAsJsonObject("user").get("email").getAsString());
        assertEquals(43, a.body().get("token").getAsString().length());
        assertEquals("/api/v1/accounts/alice", a.header("Location"));
    }

    @Test
    void registerByFormPostWorksLikeJson() {
        rest.call("POST", "accounts").form("username=alice&password=password-alice").send().expect(201);
        rest.login("alice");
    }

    @Test
    void aTakenUsernameIs409() {
        rest.register("alice");
        rest.call("POST", "accounts").json(json("username", "ALICE", "password", "password-other")).send()
                .expectError(409, "conflict");
    }

    @Test
    void registerWithABadFieldIs400NamingIt() {
        Rest.Answer a = rest.call("POST", "accounts").json(json("username", "a b", "password", "password-alice"))
                .send().expectError(400, "bad_request");
        assertTrue(a.body().get("message").getAsString().contains("username"), a.body().toString());
    }

    @Test
    void loginAnswersANewTokenAndAWrongPasswordIs401() {
        String first = rest.register("alice");
        String second = rest.login("alice");
        assertFalse(first.equals(second));
        Rest.Answer bad = rest.call("POST", "accounts/login").json(json("username", "alice", "password", "wrong-pass"))
                .send().expectError(401, "bad_credentials");
        assertEquals("Bearer", bad.header("WWW-Authenticate"));
    }

    @Test
    void withoutATokenAProtectedRouteIs401WithWwwAuthenticate() {
        Rest.Answer a = rest.get("lists", null).expectError(401, "unauthenticated");
        assertEquals("Bearer", a.header("WWW-Authenticate"));
    }

    @Test
    void anUnknownOrMalformedTokenIs401() {
        rest.get("lists", "x".repeat(43)).expectError(401, "unauthenticated");
        rest.get("lists", "not a token").expectError(401, "unauthenticated");
        rest.call("GET", "lists").header("Authorization", "Basic YWxpY2U6cGFzcw==").send()
                .expectError(401, "unauthenticated");
    }

    @Test
    void logoutByGetOrPostRevokesThePresentedTokenOnly() {
        rest.register("alice");
        String a = rest.login("alice");
        String b = rest.login("alice");
        assertEquals(new JsonObject(), rest.get("accounts/logout", a).expect(200).body());
        rest.get("lists", a).expectError(401, "unauthenticated");
        rest.get("lists", b).expect(200);
        rest.call("POST", "accounts/logout").token(b).send().expect(200);
        rest.get("lists", b).expectError(401, "unauthenticated");
    }

    @Test
    void logoutClosesTheTokensWebSocketSessionsWith4401() {
        String token = rest.register("alice");
        TestClient same = server.auth(token);
        TestClient other = server.signIn("alice");
        rest.get("accounts/logout", token).expect(200);
        assertEquals(4401, same.awaitClose());
        other.settle();
        assertTrue(other.isOpen());
    }

    @Test
    void aWebSocketTokenWorksOverRestAndARestTokenOverWebSocket() {
        TestClient ws = server.connect();
        String wsToken = ws.ok(json("type", "register", "username", "alice", "password", "password-alice"))
                .get("token").getAsString();
        assertEquals("My tasks", rest.get("lists", wsToken).expect(200).body().getAsJsonArray("lists").get(0)
                .getAsJsonObject().get("title").getAsString());
        String restToken = rest.login("alice");
        TestClient viaRest = server.auth(restToken);
        assertEquals(1, viaRest.lists().size());
    }

    @Test
    void aProfileIsPublicButTheEmailIsOnlyYours() {
        rest.call("POST", "accounts").json(json("username", "alice", "password", "password-alice",
                "email", "alice@example.org")).send().expect(201);
        String bob = rest.register("bob");
        String alice = rest.login("alice");
        JsonObject own = rest.get("accounts/ALICE", alice).expect(200).body().getAsJsonObject("user");
        assertEquals("alice@example.org", own.get("email").getAsString());
        JsonObject seen = rest.get("accounts/alice", bob).expect(200).body().getAsJsonObject("user");
        assertEquals("alice", seen.get("username").getAsString());
        assertFalse(seen.has("email"));
        rest.get("accounts/nobody", bob).expectError(404, "not_found");
    }

    @Test
    void editProfileChangesYourEmailAndIs403ForSomeoneElse() {
        String alice = rest.register("alice");
        rest.register("bob");
        JsonObject user = rest.call("PUT", "accounts/alice").token(alice).json(json("email", "a@example.org",
                "currentPassword", "password-alice")).send().expect(200).body().getAsJsonObject("user");
        assertEquals("a@example.org", user.get("email").getAsString());
        rest.call("PUT", "accounts/bob").token(alice).json(json("email", "x@example.org",
                "currentPassword", "password-alice")).send().expectError(403, "forbidden");
        rest.call("PUT", "accounts/alice").token(alice).json(json("email", "b@example.org",
                "currentPassword", "wrong-password")).send().expectError(401, "bad_credentials");
    }

    @Test
    void deleteProfileIs204AndTheTokenStopsWorking() {
        String alice = rest.register("alice");
        rest.call("DELETE", "accounts/alice").token(alice).json(json("password", "password-alice")).send().expect(204);
        rest.get("lists", alice).expectError(401, "unauthenticated");
        rest.get("accounts/alice", rest.register("bob")).expectError(404, "not_found");
    }

    @Test
    void deletingSomeoneElsesProfileIs403AndKeepsIt() {
        String alice = rest.register("alice");
        String bob = rest.register("bob");
        rest.call("DELETE", "accounts/bob").token(alice).json(json("password", "password-bob")).send()
                .expectError(403, "forbidden");
        assertNull(rest.get("accounts/bob", bob).expect(200).body().get("error"));
    }
}
