package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** Accounts: create, sign in, stay signed in, sign out, change email or password, delete; messages by field. */
class AccountTest extends BrowserTest {

    private static String errorOf(Page page, String inputId) {
        return Page.textContent(page.find("#" + inputId + "-error"));
    }

    @Test
    void theFormsCarryTheStandardNamesAndAutocompleteValuesForPasswordManagers() {
        Page page = browser();
        page.waitVisible("#signin-form");
        Map<String, String[]> expected = Map.of(
                "signin-username", new String[] {"username", "username"},
                "signin-password", new String[] {"password", "current-password"},
                "register-username", new String[] {"username", "username"},
                "register-email", new String[] {"email", "email"},
                "register-password", new String[] {"password", "new-password"});
        expected.forEach((id, nameAndAutocomplete) -> {
            WebElement input = page.find("#" + id);
            assertEquals(nameAndAutocomplete[0], input.getDomAttribute("name"), id);
            assertEquals(nameAndAutocomplete[1], input.getDomAttribute("autocomplete"), id);
        });
        assertEquals("form", page.find("#signin-username").findElement(org.openqa.selenium.By.xpath("./ancestor::form"))
                .getTagName());
    }

    @Test
    void registrationErrorsAreShownNextToTheFieldTheyConcern() {
        String taken = user("taken");
        browser().register(taken);
        Page page = browser();

        page.type("#register-username", "ab");
        page.type("#register-password", Page.PASSWORD);
        page.click("#register-form button[type=submit]");
        page.waitUntil("username message", () -> errorOf(page, "register-username").toLowerCase().contains("username"));
        assertEquals("true", page.find("#register-username").getDomAttribute("aria-invalid"));
        assertEquals("", errorOf(page, "register-password"));

        page.type("#register-username", user("fresh"));
        page.type("#register-password", "short");
        page.click("#register-form button[type=submit]");
        page.waitUntil("password message", () -> errorOf(page, "register-password").toLowerCase().contains("password"));
        assertEquals("", errorOf(page, "register-username"));

        page.type("#register-username", taken.toUpperCase());
        page.type("#register-password", Page.PASSWORD);
        page.click("#register-form button[type=submit]");
        page.waitUntil("taken message", () -> errorOf(page, "register-username").toLowerCase().contains("taken"));
    }

    @Test
    void aWrongPasswordIsReportedNextToThePasswordField() {
        String alice = user("alice");
        browser().register(alice);
        Page page = browser();
        page.type("#signin-username", alice);
        page.type("#signin-password", "not the password");
        page.click("#signin-form button[type=submit]");
        page.waitUntil("password message", () -> !errorOf(page, "signin-password").isEmpty());
        assertTrue(page.visible("#signin-form"));
    }

    @Test
    void aNewAccountOpensItsFirstListWithTheNewTaskFieldFocused() {
        Page page = browser().register(user("new"));
        assertEquals("My tasks", page.listTitle());
        assertEquals("new-todo", page.activeElementClass());
    }

    @Test
    void afterSignInTheLastOpenedListOpensWithTheNewTaskFieldFocused() {
        String alice = user("alice");
        Page page = browser().register(alice);
        page.createList("Work");
        page.createList("Home");
        page.openList("Work");

        page.signOut();
        page.signIn(alice);
        assertEquals("Work", page.listTitle());
        assertEquals("new-todo", page.activeElementClass());
    }

    @Test
    void theSessionSurvivesAReloadAndSigningOutEndsIt() {
        String alice = user("alice");
        Page page = browser().register(alice);
        page.addTasks("Still here");
        page.waitSynced();

        page.reload();
        page.waitSignedIn();
        page.waitForLabels("Still here");
        assertEquals(alice, Page.textContent(page.find(".me-name")));

        page.signOut();
        assertNull(page.js("return localStorage.getItem('todo.session')"));
        page.reload();
        page.waitVisible("#signin-form");
        assertFalse(page.visible("#app"));
    }

    @Test
    void signingOutLeavesNothingOfThePreviousUserInThePageEvenHidden() {
        String alice = user("alice");
        Page page = browser().register(alice);
        page.createList("Diary");
        page.addTasks("Secret plan");
        page.waitSynced();

        page.signOut();
        String hiddenText = (String) page.js("return document.querySelector('#app').textContent");
        assertFalse(hiddenText.contains("Secret plan") || hiddenText.contains("Diary") || hiddenText.contains(alice),
                "left in the page after signing out: " + hiddenText.replaceAll("\\s+", " "));
    }

    @Test
    void changingThePasswordSignsOutOtherSessionsAndTheNewPasswordWorks() {
        String alice = user("alice");
        Page page = browser().register(alice);
        Page elsewhere = browser().signIn(alice);

        page.click(".account-button");
        page.waitVisible("#account-dialog");
        page.type("#password-currentPassword", Page.PASSWORD);
        page.type("#password-password", "a brand new passphrase");
        page.click("#password-form button[type=submit]");
        page.waitUntil("confirmation", () -> page.text("#password-form .form-status").contains("Password changed"));

        elsewhere.waitVisible("#signin-form");
        assertTrue(elsewhere.text(".auth-notice").contains("signed out"));
        elsewhere.signIn(alice, "a brand new passphrase");
    }

    @Test
    void changingTheEmailNeedsTheCurrentPassword() {
        Page page = browser().register(user("alice"));
        page.click(".account-button");
        page.waitVisible("#account-dialog");
        page.type("#email-email", "alice@example.com");
        page.type("#email-currentPassword", "wrong password");
        page.click("#email-form button[type=submit]");
        page.waitUntil("password message", () -> !errorOf(page, "email-currentPassword").isEmpty());

        page.type("#email-currentPassword", Page.PASSWORD);
        page.click("#email-form button[type=submit]");
        page.waitUntil("saved", () -> page.text("#email-form .form-status").contains("Email saved"));
        page.click(".account-close");
        page.reload();
        page.waitSignedIn();
        page.click(".account-button");
        assertEquals("alice@example.com", page.waitVisible("#email-email").getDomProperty("value"));
    }

    @Test
    void deletingTheAccountAsksForThePasswordAndSignsOut() {
        String alice = user("alice");
        Page page = browser().register(alice);
        page.click(".account-button");
        page.waitVisible("#account-dialog");

        page.type("#delete-password", "wrong password");
        page.click("#delete-account-form button[type=submit]");
        page.waitUntil("password message", () -> !errorOf(page, "delete-password").isEmpty());
        assertTrue(page.visible("#account-dialog"));

        page.type("#delete-password", Page.PASSWORD);
        page.click("#delete-account-form button[type=submit]");
        page.waitVisible("#signin-form");
        assertTrue(page.text(".auth-notice").contains("deleted"));

        page.type("#signin-username", alice);
        page.type("#signin-password", Page.PASSWORD);
        page.click("#signin-form button[type=submit]");
        page.waitUntil("cannot sign in any more", () -> !errorOf(page, "signin-password").isEmpty());
    }
}
