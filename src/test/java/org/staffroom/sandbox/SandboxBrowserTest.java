package org.staffroom.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import org.staffroom.testing.Browser;
import org.staffroom.testing.StaffroomTest;

/**
 * The drafts workflow in the sandbox page, in Chromium, as people would do it: a teacher types
 * /draft, fills in the dialog and clicks its button (once after reloading the page while the form
 * waited), sends a photo in a direct message, sees it, turns it into a draft through the bot's
 * button and form, an approver approves it with the card's button, and the author marks it published
 * from the final copy (another form) so the card shows where it went. Every step is screenshotted
 * under target/screenshots/, and no page may log a console error.
 */
@StaffroomTest
@TestPropertySource(properties = "staffroom.test.context=sandbox-browser")   // a database of its own: the other sandbox tests expect empty channels
class SandboxBrowserTest {

    private static Browser browser;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void openBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
    }

    @AfterEach
    void noConsoleErrors() {
        consoleErrors.addAll(browser.consoleErrors());
        assertThat(consoleErrors).as("console errors in the sandbox page").isEmpty();
    }

    @Test
    void aTeacherDraftsByFormAndByPhotoAndAnApproverApprovesByTheCardsButton() throws IOException {
        // Ben, a teacher at Oakfield, opens /draft: the bot's form appears as a dialog.
        open("/sandbox?as=ben-hughes");
        waitFor(d -> title().equals("#oakfield-staffroom"));
        type("/draft");
        WebElement dialog = openDialog("New post draft");
        browser.screenshot("sandbox-01-draft-form");

        // Reloading while the form is pending offers it again.
        checkConsole();
        open("/sandbox?as=ben-hughes");
        dialog = openDialog("New post draft");
        dialog.findElement(By.id("f-text")).sendKeys("Year 4 built a rainforest in the hall today!");
        new Select(dialog.findElement(By.id("f-networks"))).selectByValue("facebook");
        new Select(dialog.findElement(By.id("f-category"))).selectByValue("behind-the-scenes");
        browser.screenshot("sandbox-02-draft-form-filled");
        dialog.findElement(By.id("form-submit")).click();
        waitFor(d -> !dialog().isDisplayed());
        WebElement answer = waitForMessage("Draft #", "is with the approvers");
        long formDraft = draftId(answer.getText());
        assertThat(answer.getAttribute("class")).contains("ephemeral");
        assertThat(answer.findElements(By.cssSelector("button.replies"))).as("a private answer has no thread").isEmpty();
        assertThat(answer.findElement(By.cssSelector(".when")).getText()).as("UK date, 24-hour clock")
                .matches("Wed,? 25 Nov 2026,? 07:00");
        browser.screenshot("sandbox-03-draft-handed-in");

        // A photo sent to the bot shows in the page, and its offer becomes a draft by button and form.
        openDm();
        Path photo = Files.createTempFile("relay", ".jpg");
        try {
            Files.write(photo, jpeg());
            driver().findElement(By.id("files")).sendKeys(photo.toAbsolutePath().toString());
            driver().findElement(By.id("text")).sendKeys("Sports day relay team");
            driver().findElement(By.cssSelector("#composer button[type=submit]")).click();
            WebElement shown = waitFor(d -> d.findElements(By.cssSelector("#messages img.upload")).stream()
                    .filter(img -> loaded(img)).findFirst().orElse(null));
            assertThat(shown.getAttribute("alt")).isEqualTo(photo.getFileName().toString());
        } finally {
            Files.deleteIfExists(photo);
        }
        WebElement offer = waitForMessage("Shall I make this a post draft for Oakfield?");
        browser.screenshot("sandbox-04-photo-shown");
        offer.findElements(By.cssSelector(".buttons button")).get(0).click();
        dialog = openDialog("New post draft");
        assertThat(dialog.findElement(By.id("f-text")).getAttribute("value")).isEqualTo("Sports day relay team");
        new Select(dialog.findElement(By.id("f-networks"))).selectByValue("facebook");
        new Select(dialog.findElement(By.id("f-category"))).selectByValue("event");
        new Select(dialog.findElement(By.id("f-consent"))).selectByValue("yes");
        dialog.findElement(By.id("form-submit")).click();
        long photoDraft = draftId(waitForMessage("Draft #", "is with the approvers").getText());
        assertThat(photoDraft).isNotEqualTo(formDraft);
        browser.screenshot("sandbox-05-photo-draft-handed-in");

        // Amara, head teacher, approves the photo draft with the card's Approve button.
        checkConsole();
        open("/sandbox?as=amara-okafor");
        waitFor(d -> title().equals("#oakfield-staffroom"));
        driver().findElements(By.cssSelector("#sidebar button")).stream().filter(b -> b.getText().equals("# oakfield-review"))
                .findFirst().orElseThrow().click();
        WebElement card = waitForMessage("Draft #" + photoDraft + " ", "Waiting for a decision");
        WebElement cardPhoto = card.findElement(By.cssSelector("img"));
        waitFor(d -> loaded(cardPhoto));
        browser.screenshot("sandbox-06-card");
        card.findElements(By.cssSelector(".buttons button")).stream().filter(b -> b.getText().contains("Approve"))
                .findFirst().orElseThrow().click();
        waitForMessage("Draft #" + photoDraft + " ", "Approved by Amara Okafor");
        assertThat(jdbc.sql("select state from draft where id = ?").param(photoDraft).query(String.class).single())
                .isEqualTo("APPROVED");
        browser.screenshot("sandbox-07-approved");

        // Ben marks it published from the final copy in his DM: another form, by clicking.
        checkConsole();
        open("/sandbox?as=ben-hughes");
        waitFor(d -> title().equals("#oakfield-staffroom"));
        openDm();
        WebElement finalCopy = waitForMessage("Draft #" + photoDraft + " (Oakfield) is approved by Amara Okafor");
        finalCopy.findElements(By.cssSelector(".buttons button")).stream().filter(b -> b.getText().equals("Mark as published"))
                .findFirst().orElseThrow().click();
        dialog = openDialog("Mark as published");
        dialog.findElement(By.id("f-url")).sendKeys("https://facebook.com/oakfield/posts/42");
        browser.screenshot("sandbox-08-published-form");
        dialog.findElement(By.id("form-submit")).click();
        waitForMessage("draft #" + photoDraft + " is marked as published");
        assertThat(jdbc.sql("select state from draft where id = ?").param(photoDraft).query(String.class).single())
                .isEqualTo("PUBLISHED");

        // The card in the review channel now says where it went, and has nothing left to press.
        checkConsole();
        open("/sandbox?as=amara-okafor");
        waitFor(d -> title().equals("#oakfield-staffroom"));
        driver().findElements(By.cssSelector("#sidebar button")).stream().filter(b -> b.getText().equals("# oakfield-review"))
                .findFirst().orElseThrow().click();
        WebElement published = waitForMessage("Draft #" + photoDraft + " ", "Published by Ben Hughes");
        assertThat(published.findElements(By.cssSelector(".buttons button"))).isEmpty();
        assertThat(published.findElement(By.linkText("https://facebook.com/oakfield/posts/42")).getAttribute("href"))
                .isEqualTo("https://facebook.com/oakfield/posts/42");
        browser.screenshot("sandbox-09-card-published");
    }

    private void openDm() {
        driver().findElements(By.cssSelector("#sidebar button")).stream().filter(b -> b.getText().contains("Staffroom bot"))
                .findFirst().orElseThrow().click();
        waitFor(d -> title().contains("direct message"));
    }

    // ------------------------------------------------------------------ the page

    private WebDriver driver() {
        return browser.driver;
    }

    private void open(String path) {
        driver().get("http://localhost:" + port + path);
    }

    private void checkConsole() {
        consoleErrors.addAll(browser.consoleErrors());
    }

    private String title() {
        return driver().findElement(By.id("channel-title")).getText();
    }

    private void type(String text) {
        WebElement box = driver().findElement(By.id("text"));
        box.sendKeys(text);
        box.sendKeys(Keys.ESCAPE, Keys.ENTER);
    }

    private WebElement dialog() {
        return driver().findElement(By.id("form-dialog"));
    }

    private WebElement openDialog(String title) {
        waitFor(d -> dialog().isDisplayed() && d.findElement(By.id("form-title")).getText().equals(title));
        return dialog();
    }

    /** The newest message in the open channel whose text has every one of {@code parts}. */
    private WebElement waitForMessage(String... parts) {
        return waitFor(d -> {
            List<WebElement> all = d.findElements(By.cssSelector("#messages article.msg"));
            for (int i = all.size() - 1; i >= 0; i--) {
                try {
                    String text = all.get(i).getText();
                    boolean every = true;
                    for (String p : parts) every &= text.contains(p);
                    if (every) return all.get(i);
                } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                    return null;
                }
            }
            return null;
        });
    }

    private boolean loaded(WebElement img) {
        Object w = ((JavascriptExecutor) driver()).executeScript("return arguments[0].complete && arguments[0].naturalWidth", img);
        return w instanceof Number n && n.intValue() > 0;
    }

    private <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(driver(), Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    private static long draftId(String text) {
        Matcher m = Pattern.compile("Draft #(\\d+)").matcher(text);
        assertThat(m.find()).as("a draft number in: " + text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static byte[] jpeg() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(240, 160, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(0x1264a3));
        g.fillRect(0, 0, 240, 160);
        g.dispose();
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
