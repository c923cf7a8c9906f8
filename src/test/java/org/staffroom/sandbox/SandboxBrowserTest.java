package org.staffroom.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.sandbox.SandboxInBrowser.draftId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;
import org.staffroom.testing.Browser;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestImages;

/**
 * The drafts workflow in the sandbox page, in Chromium, as people would do it: a teacher types
 * /draft, fills in the dialog and clicks its button (once after reloading the page while the form
 * waited), sends a photo in a direct message, sees it, turns it into a draft through the bot's
 * button and form, an approver approves it with the card's button, and the author marks it published
 * from the final copy (another form) so the card shows where it went. Every step is screenshotted
 * under target/screenshots/, and no page may log a console error.
 */
@StaffroomTest
@TestPropertySource(
        properties =
                "staffroom.test.context=sandbox-browser") // a database of its own: the other sandbox tests expect empty
// channels
class SandboxBrowserTest extends StaffroomEndToEnd {

    private static Browser browser;
    private static SandboxInBrowser page;

    @BeforeAll
    static void openBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
    }

    @BeforeEach
    void thePage() {
        if (page == null) page = new SandboxInBrowser(browser, port, "sandbox");
    }

    @AfterEach
    void noConsoleErrors() {
        assertThat(page.consoleErrors())
                .as("console errors in the sandbox page")
                .isEmpty();
    }

    @Test
    void aTeacherDraftsByFormAndByPhotoAndAnApproverApprovesByTheCardsButton() throws IOException {
        // Ben, a teacher at Oakfield, opens /draft: the bot's form appears as a dialog.
        open("/sandbox?as=ben-hughes");
        page.waitFor(d -> page.title().equals("#oakfield-staffroom"));
        page.type("/draft");
        WebElement dialog = page.openDialog("New post draft");
        page.screenshot("draft-form");

        // Reloading while the form is pending offers it again.
        page.checkConsole();
        open("/sandbox?as=ben-hughes");
        dialog = page.openDialog("New post draft");
        dialog.findElement(By.id("f-text")).sendKeys("Year 4 built a rainforest in the hall today!");
        new Select(dialog.findElement(By.id("f-networks"))).selectByValue("facebook");
        new Select(dialog.findElement(By.id("f-category"))).selectByValue("behind-the-scenes");
        page.screenshot("draft-form-filled");
        dialog.findElement(By.id("form-submit")).click();
        page.waitFor(d -> !page.dialog().isDisplayed());
        WebElement answer = page.waitForMessage("Draft #", "is with the approvers");
        long formDraft = draftId(answer.getText());
        assertThat(answer.getAttribute("class")).contains("ephemeral");
        assertThat(answer.findElements(By.cssSelector("button.replies")))
                .as("a private answer has no thread")
                .isEmpty();
        assertThat(answer.findElement(By.cssSelector(".when")).getText())
                .as("UK date, 24-hour clock")
                .matches("Wed,? 25 Nov 2026,? 07:00");
        page.screenshot("draft-handed-in");

        // A photo sent to the bot shows in the page, and its offer becomes a draft by button and form.
        page.dm();
        Path photo = Files.createTempFile("relay", ".jpg");
        try {
            Files.write(photo, jpeg());
            driver().findElement(By.id("files")).sendKeys(photo.toAbsolutePath().toString());
            driver().findElement(By.id("text")).sendKeys("Sports day relay team");
            driver().findElement(By.cssSelector("#composer button[type=submit]"))
                    .click();
            WebElement shown = page.waitFor(d -> d.findElements(By.cssSelector("#messages img.upload")).stream()
                    .filter(img -> page.loaded(img))
                    .findFirst()
                    .orElse(null));
            assertThat(shown.getAttribute("alt")).isEqualTo(photo.getFileName().toString());
        } finally {
            Files.deleteIfExists(photo);
        }
        WebElement offer = page.waitForMessage("Shall I make this a post draft for Oakfield?");
        page.screenshot("photo-shown");
        offer.findElements(By.cssSelector(".buttons button")).get(0).click();
        dialog = page.openDialog("New post draft");
        assertThat(dialog.findElement(By.id("f-text")).getAttribute("value")).isEqualTo("Sports day relay team");
        new Select(dialog.findElement(By.id("f-networks"))).selectByValue("facebook");
        new Select(dialog.findElement(By.id("f-category"))).selectByValue("event");
        new Select(dialog.findElement(By.id("f-consent"))).selectByValue("yes");
        dialog.findElement(By.id("form-submit")).click();
        long photoDraft =
                draftId(page.waitForMessage("Draft #", "is with the approvers").getText());
        assertThat(photoDraft).isNotEqualTo(formDraft);
        page.screenshot("photo-draft-handed-in");

        // Amara, head teacher, approves the photo draft with the card's Approve button.
        page.checkConsole();
        open("/sandbox?as=amara-okafor");
        page.waitFor(d -> page.title().equals("#oakfield-staffroom"));
        page.channel("oakfield-review");
        WebElement card = page.waitForMessage("Draft #" + photoDraft + " ", "Waiting for a decision");
        WebElement cardPhoto = card.findElement(By.cssSelector("img"));
        page.waitFor(d -> page.loaded(cardPhoto));
        page.screenshot("card");
        card.findElements(By.cssSelector(".buttons button")).stream()
                .filter(b -> b.getText().contains("Approve"))
                .findFirst()
                .orElseThrow()
                .click();
        page.waitForMessage("Draft #" + photoDraft + " ", "Approved by Amara Okafor");
        assertThat(jdbc.sql("select state from draft where id = ?")
                        .param(photoDraft)
                        .query(String.class)
                        .single())
                .isEqualTo("APPROVED");
        page.screenshot("approved");

        // Ben marks it published from the final copy in his DM: another form, by clicking.
        page.checkConsole();
        open("/sandbox?as=ben-hughes");
        page.waitFor(d -> page.title().equals("#oakfield-staffroom"));
        page.dm();
        WebElement finalCopy = page.waitForMessage("Draft #" + photoDraft + " (Oakfield) is approved by Amara Okafor");
        finalCopy.findElements(By.cssSelector(".buttons button")).stream()
                .filter(b -> b.getText().equals("Mark as published"))
                .findFirst()
                .orElseThrow()
                .click();
        dialog = page.openDialog("Mark as published");
        dialog.findElement(By.id("f-url")).sendKeys("https://facebook.com/oakfield/posts/42");
        page.screenshot("published-form");
        dialog.findElement(By.id("form-submit")).click();
        page.waitForMessage("draft #" + photoDraft + " is marked as published");
        assertThat(jdbc.sql("select state from draft where id = ?")
                        .param(photoDraft)
                        .query(String.class)
                        .single())
                .isEqualTo("PUBLISHED");

        // The card in the review channel now says where it went, and has nothing left to press.
        page.checkConsole();
        open("/sandbox?as=amara-okafor");
        page.waitFor(d -> page.title().equals("#oakfield-staffroom"));
        page.channel("oakfield-review");
        WebElement published = page.waitForMessage("Draft #" + photoDraft + " ", "Published by Ben Hughes");
        assertThat(published.findElements(By.cssSelector(".buttons button"))).isEmpty();
        assertThat(published
                        .findElement(By.linkText("https://facebook.com/oakfield/posts/42"))
                        .getAttribute("href"))
                .isEqualTo("https://facebook.com/oakfield/posts/42");
        page.screenshot("card-published");
    }

    private WebDriver driver() {
        return browser.driver;
    }

    private void open(String path) {
        page.checkConsole();
        driver().get("http://localhost:" + port + path);
    }

    private static byte[] jpeg() {
        return TestImages.jpeg(240, 160, new java.awt.Color(0x1264a3), false);
    }
}
