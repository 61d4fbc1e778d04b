package todo.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/** The sidebar of lists, kept live by list events: create, rename, delete, share, remove, leave. */
class ListsTest extends BrowserTest {

    @Test
    void aNewListOpensAndCanBeRenamed() {
        Page page = browser().register(user("alice"));
        page.createList("Groceries");
        assertEquals(List.of("My tasks", "Groceries"), page.sidebarLists());
        assertEquals("new-todo", page.activeElementClass());

        page.click(".rename-list-button");
        page.type("#rename-list-title", "Food");
        page.find("#rename-list-title").sendKeys(Keys.ENTER);
        page.waitUntil("renamed", () -> page.listTitle().equals("Food"));
        page.waitUntil("sidebar renamed", () -> page.sidebarLists().equals(List.of("My tasks", "Food")));
    }

    @Test
    void deletingAListAsksFirstAndTheOtherMembersLoseItLive() {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList("Old stuff");
        a.share(bob);
        b.waitUntil("bob has it", () -> b.sidebarLists().contains("Old stuff"));

        a.click(".delete-list-button");
        a.waitVisible("#confirm-dialog");
        a.click("#confirm-dialog .confirm-cancel");
        a.waitHidden("#confirm-dialog");
        assertEquals("Old stuff", a.listTitle());

        a.click(".delete-list-button");
        a.waitVisible("#confirm-dialog");
        a.click("#confirm-dialog .confirm-ok");
        a.waitUntil("alice's list gone", () -> !a.sidebarLists().contains("Old stuff"));
        assertEquals("My tasks", a.listTitle());
        b.waitUntil("bob's list gone", () -> !b.sidebarLists().contains("Old stuff"));
    }

    @Test
    void aRenameByAnyMemberShowsUpLiveForTheOthers() {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList("Books");
        a.share(bob);
        b.openList("Books");

        b.click(".rename-list-button");
        b.type("#rename-list-title", "Books to read");
        b.find("#rename-list-title").sendKeys(Keys.ENTER);
        a.waitUntil("title changed for alice", () -> a.listTitle().equals("Books to read"));
        a.waitUntil("sidebar changed for alice", () -> a.sidebarLists().contains("Books to read"));
    }

    @Test
    void sharingWithAnUnknownUserIsReportedNextToTheField() {
        Page page = browser().register(user("alice"));
        page.type("#share-username", "nobody_by_that_name");
        page.find("#share-username").sendKeys(Keys.ENTER);
        page.waitUntil("message", () -> Page.textContent(page.find("#share-username-error")).toLowerCase()
                .contains("not found"));
        assertEquals(1, page.members().size());
    }

    @Test
    void theOwnerRemovesAMemberAndTheListDisappearsForThem() {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList("Team");
        a.share(bob);
        b.openList("Team");

        a.click(".members .member[data-username='" + bob + "'] .remove-member");
        a.waitVisible("#confirm-dialog");
        a.click("#confirm-dialog .confirm-ok");
        a.waitUntil("bob removed", () -> a.members().equals(List.of(alice)));

        b.waitUntil("bob lost the list", () -> !b.sidebarLists().contains("Team"));
        assertEquals("My tasks", b.listTitle());
        b.waitUntil("bob is told", () -> b.text("#messages").contains("no longer available"));
    }

    @Test
    void aMemberLeavesAListButTheOwnerCannot() {
        String alice = user("alice");
        String bob = user("bob");
        Page a = browser().register(alice);
        Page b = browser().register(bob);
        a.createList("Club");
        a.share(bob);
        b.openList("Club");
        assertFalse(a.visible(".leave-list-button"));
        assertTrue(a.visible(".delete-list-button"));
        assertFalse(b.visible(".delete-list-button"));
        assertFalse(b.visible(".share-form"));

        b.click(".leave-list-button");
        b.waitVisible("#confirm-dialog");
        b.click("#confirm-dialog .confirm-ok");
        b.waitUntil("bob left", () -> !b.sidebarLists().contains("Club"));
        a.waitUntil("alice sees bob gone", () -> a.members().equals(List.of(alice)));
    }
}
