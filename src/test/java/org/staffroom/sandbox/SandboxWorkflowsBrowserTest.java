package org.staffroom.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.sandbox.SandboxInBrowser.draftId;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;
import org.staffroom.testing.Browser;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;

/**
 * The sandbox page's other workflows, in Chromium, by clicking as each role would: a coordinator
 * posts the question of the day and a teacher answers in its thread; a teacher suggests a question
 * and the coordinator approves it with the button in her direct messages; the trust's PD lead
 * schedules a chat with the form, starts it, a teacher's answer is relayed to another school, and
 * the lead stops it; approvers ask for changes, reject (by button and by reaction, each with its
 * reason form) and approve by reaction, and the author edits the draft and sets its wanted date;
 * anyone asks for a sign-in link. Every step is screenshotted as target/screenshots/walk-NN-*.png,
 * and no page may log a console error.
 */
@StaffroomTest
@TestPropertySource(properties = "staffroom.test.context=sandbox-walk") // a database of its own
class SandboxWorkflowsBrowserTest extends StaffroomEndToEnd {

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
        if (page == null) page = new SandboxInBrowser(browser, port, "walk");
    }

    /** A failing step leaves a picture of the page as it was. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher onFailure = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (page != null)
                page.screenshot("failed-" + context.getRequiredTestMethod().getName());
        }
    };

    @AfterEach
    void noConsoleErrors() {
        assertThat(page.consoleErrors())
                .as("console errors in the sandbox page")
                .isEmpty();
    }

    // ------------------------------------------------------------------ question of the day

    @Test
    void aCoordinatorPostsTheQuestionATeacherAnswersInItsThreadAndASuggestionIsApprovedByButton() {
        // Chloe, Riverside's coordinator, posts today's question from the composer.
        page.openAs("chloe-patel");
        page.channel("riverside-qotd");
        page.type("/qotd now");
        WebElement posted = page.waitForMessage("Posted to Riverside");
        assertThat(posted.getAttribute("class")).contains("ephemeral");
        WebElement question = page.waitForMessage("Good morning, Riverside! Question of the day:");
        page.screenshot("qotd-posted");

        // Dan, a teacher there, answers in the question's thread.
        page.openAs("dan-whitfield");
        page.channel("riverside-qotd");
        question = page.waitForMessage("Good morning, Riverside! Question of the day:");
        page.openThread(question);
        page.replyInThread("Walking the class to the library every Friday");
        page.waitForThreadMessage("Walking the class to the library every Friday");
        page.waitForMessage("Good morning, Riverside!", "1 reply");
        assertThat(jdbc.sql(
                                "select count(*) from qotd_answer where author_name = 'Dan Whitfield' and school_id = 'riverside'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        page.screenshot("qotd-answered-in-thread");

        // Dan suggests a question; Chloe approves it with the button on the card in her direct messages.
        page.channel("riverside-staffroom");
        page.type("/qotd suggest What did a pupil teach you this week?");
        page.waitForMessage("Thanks! Your suggestion is with the coordinators");
        page.screenshot("qotd-suggested");
        page.openAs("chloe-patel");
        page.dm();
        WebElement card =
                page.waitForMessage("Question suggested by Dan Whitfield", "What did a pupil teach you this week?");
        page.screenshot("qotd-suggestion-card");
        page.press(card, "Approve");
        page.waitForMessage("Question suggested by Dan Whitfield", "Approved by Chloe Patel");
        assertThat(jdbc.sql("select count(*) from qotd_question where question_text = ? and source = 'SUGGESTION'")
                        .param("What did a pupil teach you this week?")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        page.screenshot("qotd-suggestion-approved");

        // Dan is told, in his direct messages.
        page.openAs("dan-whitfield");
        page.dm();
        page.waitForMessage("Chloe Patel added your suggestion to the question-of-the-day bank");
        page.screenshot("qotd-suggester-told");
    }

    // ------------------------------------------------------------------ PD chats

    @Test
    void theTrustLeadSchedulesAChatByFormStartsItARelayedAnswerArrivesAndStopsIt() {
        page.openAs("farid-rahman");
        page.channel("riverside-staffroom");
        page.type("/pdchat schedule");
        WebElement dialog = page.openDialog("Schedule a PD chat");
        page.field("chat").sendKeys("#WalkChat Talk in maths lessons");
        page.field("start").sendKeys("2026-11-26 16:00");
        page.field("questions").sendKeys("How do pupils explain their reasoning?\nWhich sentence stems help most?");
        Select schools = new Select(page.field("schools"));
        schools.selectByValue("oakfield");
        schools.selectByValue("riverside");
        WebElement options = page.field("options");
        assertThat(options.getAttribute("value"))
                .as("the form suggests the usual options")
                .isEqualTo("live 10 once");
        options.clear();
        options.sendKeys("live 15 once");
        page.screenshot("pdchat-schedule-form");
        page.submitDialog();
        assertThat(dialog.isDisplayed()).isFalse();
        page.waitForMessage(
                "Scheduled #WalkChat: Talk in maths lessons for Thu 26 Nov, 16:00 (Europe/London)",
                "one every 15 minutes, once, in Oakfield, Riverside");
        page.screenshot("pdchat-scheduled");

        // Started early by hand: the intro and Q1 go out in both schools' pd channels.
        page.type("/pdchat start #WalkChat");
        page.waitForMessage("Started #WalkChat");
        ticker.tickNow();
        page.channel("riverside-pd");
        page.waitForMessage("Welcome to #WalkChat");
        page.waitForMessage("Q1/2 How do pupils explain their reasoning? #WalkChat");
        page.screenshot("pdchat-started");

        // Ben answers at Oakfield a few seconds later; Dan sees it relayed in Riverside's pd channel.
        // (The relay keeps Slack's pace of about a post a second per channel in business time, and the
        // intro and Q1 have just used Riverside's burst: with the clock standing still it would wait.)
        clock.advance(Duration.ofSeconds(3));
        page.openAs("ben-hughes");
        page.channel("oakfield-pd");
        page.waitForMessage("Q1/2 How do pupils explain their reasoning? #WalkChat");
        page.type("A1 They explain it to a partner first #WalkChat");
        page.waitForMessage("A1 They explain it to a partner first #WalkChat");
        page.screenshot("pdchat-answered");
        page.openAs("dan-whitfield");
        page.channel("riverside-pd");
        page.waitForMessage("Ben Hughes (Oakfield): A1 They explain it to a partner first #WalkChat");
        page.screenshot("pdchat-relayed");

        // Farid stops it: the wrap-up goes out.
        page.openAs("farid-rahman");
        page.channel("riverside-pd");
        page.type("/pdchat stop #WalkChat");
        page.waitForMessage("Ended #WalkChat.");
        ticker.tickNow();
        page.waitForMessage("Thank you for joining #WalkChat");
        assertThat(page.driver().findElement(By.id("messages")).getText())
                .doesNotContain("Q2/2")
                .doesNotContain("starts in 15 minutes");
        page.screenshot("pdchat-stopped");
    }

    // ------------------------------------------------------------------ drafts: decisions with reasons, edits,
    // reactions

    @Test
    void approversAskForChangesRejectAndApproveByReactionAndTheAuthorEditsAndDates() {
        page.openAs("ben-hughes");
        long changed = draft("Our choir sang at the care home on Tuesday");
        WebElement handedIn = page.waitForMessage("Draft #" + changed + " ", "is with the approvers");
        // The answer offers a wanted date: a form by the button.
        page.press(handedIn, "Set wanted date");
        page.openDialog("Wanted date");
        // Typed into the date picker in the order the browser's locale shows it.
        boolean monthFirst = String.valueOf(
                        ((org.openqa.selenium.JavascriptExecutor) page.driver())
                                .executeScript(
                                        "return new Intl.DateTimeFormat().formatToParts(new Date(2026, 11, 4)).find(p => p.type !== 'literal').type"))
                .equals("month");
        page.field("date").sendKeys(monthFirst ? "12042026" : "04122026");
        assertThat(page.field("date").getAttribute("value")).isEqualTo("2026-12-04");
        page.screenshot("drafts-wanted-date-form");
        page.submitDialog();
        page.waitFor(d -> "2026-12-04"
                .equals(jdbc.sql("select cast(wanted_date as varchar) from draft where id = ?")
                        .param(changed)
                        .query(String.class)
                        .optional()
                        .orElse(null)));
        long rejected = draft("Bake sale raised £214 for the library");
        long reacted = draft("Reception planted bulbs in the wildlife garden");

        // Amara asks for changes on the first with the card's button, and its reason form.
        page.openAs("amara-okafor");
        page.channel("oakfield-review");
        WebElement card = page.waitForMessage("Draft #" + changed + " ", "Waiting for a decision");
        page.press(card, "Request changes");
        page.openDialog("What should change?");
        page.field("reason").sendKeys("Please say which care home, and add a photo if you have one.");
        page.screenshot("drafts-changes-form");
        page.submitDialog();
        page.waitForMessage("Draft #" + changed + " ", "Changes requested by Amara Okafor");
        page.screenshot("drafts-changes-requested");

        // She rejects the second by button: the same reason form.
        card = page.waitForMessage("Draft #" + rejected + " ", "Waiting for a decision");
        page.press(card, "Reject");
        page.openDialog("Why reject it?");
        page.field("reason").sendKeys("We can't publish fundraising totals.");
        page.submitDialog();
        page.waitForMessage(
                "Draft #" + rejected + " ", "Rejected by Amara Okafor", "We can't publish fundraising totals.");
        page.screenshot("drafts-rejected-by-button");

        // And the third with a ❌ reaction: her direct messages ask for the reason, with a button and form.
        card = page.waitForMessage("Draft #" + reacted + " ", "Waiting for a decision");
        page.react(card, "❌");
        page.waitForMessage("Draft #" + reacted + " ", "Rejected by Amara Okafor");
        page.dm();
        WebElement ask = page.waitForMessage("You rejected", "#" + reacted, "Please tell Ben Hughes why");
        page.press(ask, "Add a reason");
        page.openDialog("Why reject it?");
        page.field("reason").sendKeys("The garden photos show pupils without consent.");
        page.screenshot("drafts-reason-form");
        page.submitDialog();
        page.waitForMessage("Thanks.", "has been sent your reason");
        page.screenshot("drafts-reason-added");

        // Ben reads the request for changes and edits the draft with its button and form.
        page.openAs("ben-hughes");
        page.dm();
        page.waitForMessage("gave the reason for their decision on", "#" + reacted, "without consent");
        WebElement changes = page.waitForMessage("Amara Okafor asked for changes to", "#" + changed);
        page.press(changes, "Edit draft");
        page.openDialog("Edit draft #" + changed);
        WebElement text = page.field("text");
        assertThat(text.getAttribute("value")).isEqualTo("Our choir sang at the care home on Tuesday");
        text.sendKeys(" at Elm Court");
        page.screenshot("drafts-edit-form");
        page.submitDialog();
        page.waitFor(d -> jdbc.sql("select count(*) from draft_revision where draft_id = ? and text like '%Elm Court'")
                        .param(changed)
                        .query(Integer.class)
                        .single()
                == 1);

        // Liam approves the edited draft's new card with a ✅ reaction.
        page.openAs("liam-oneill");
        page.channel("oakfield-review");
        card = page.waitForMessage("Draft #" + changed + " ", "at Elm Court", "Waiting for a decision");
        page.react(card, "✅");
        page.waitForMessage("Draft #" + changed + " ", "at Elm Court", "Approved by Liam O'Neill");
        assertThat(state(changed)).isEqualTo("APPROVED");
        assertThat(state(rejected)).isEqualTo("REJECTED");
        assertThat(state(reacted)).isEqualTo("REJECTED");
        page.screenshot("drafts-approved-by-reaction");
    }

    private long lastDraft;

    private long draft(String text) {
        page.channel("oakfield-staffroom");
        page.type("/draft");
        page.openDialog("New post draft");
        page.field("text").sendKeys(text);
        new Select(page.field("networks")).selectByValue("facebook");
        new Select(page.field("category")).selectByValue("achievement");
        page.submitDialog();
        long last = lastDraft;
        lastDraft = page.waitFor(d -> {
            long id = draftId(
                    page.waitForMessage("Draft #", "is with the approvers").getText());
            return id > last ? id : null;
        });
        return lastDraft;
    }

    private String state(long draft) {
        return jdbc.sql("select state from draft where id = ?")
                .param(draft)
                .query(String.class)
                .single();
    }

    // ------------------------------------------------------------------ sign-in link

    @Test
    void anyoneAsksForASignInLinkAndSeesIt() {
        page.openAs("kate-brennan");
        page.type("/staffroom login");
        WebElement answer = page.waitForMessage("Here’s your sign-in link, Kate");
        WebElement link = answer.findElement(By.linkText("Open the Staffroom dashboard"));
        assertThat(link.getAttribute("href")).startsWith("http://localhost:").contains("/login/");
        assertThat(answer.getAttribute("class")).contains("ephemeral");
        page.screenshot("login-link");
    }
}
