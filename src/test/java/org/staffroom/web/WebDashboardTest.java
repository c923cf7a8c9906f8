package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.staffroom.testing.SandboxClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The staff dashboard in a real browser: an approver deciding drafts on the web (the chat card and
 * the author follow, audited as "by web"), what a teacher may and may not see (pages and the JSON
 * API), the question of the day across schools with suggestions and the bank, and the PD chats
 * with their archive and downloads. Each page is screenshotted at desktop and phone widths.
 */
class WebDashboardTest extends WebTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anApproverApprovesADraftOnTheWebAndTheChatCardAndTheAuthorFollow() {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                "Year 5 turned the hall into a Viking longhouse today! ⚔️ #history",
                "behind-the-scenes");
        assertThat(card(AMARA, OAKFIELD_REVIEW, id).text()).contains("Waiting for a decision");

        String session = signIn(AMARA, OAKFIELD_STAFFROOM);
        // Home says what waits, with the roles in words rather than people.yml's ids.
        assertThat(find("p.waiting").getText()).matches("Waiting for you: (one draft|\\d+ drafts) to review\\.");
        assertThat(page()).contains("Your roles: Approver, Oakfield");
        go(browser.driver.findElement(By.linkText("Reviews")));
        assertThat(heading()).isEqualTo("Reviews");
        WebElement item = reviewOf(id);
        assertThat(item.getText())
                .contains(
                        "Draft #" + id + " (Oakfield)",
                        "Head teacher sign-off (stage 1 of 1)",
                        "Year 5 turned the hall into a Viking longhouse",
                        "By Ben Hughes, Oakfield",
                        "Facebook:");
        screenshots("reviews");
        HttpResponse<String> queue = get("/api/reviews", session);
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(json(queue).get("waiting").findValuesAsString("subjectId")).contains(String.valueOf(id));

        go(item.findElement(By.cssSelector("button[value=approve]")));
        assertThat(notice()).isEqualTo("You approved Draft #" + id + " (Oakfield).");
        assertThat(findAll("article.review")).noneMatch(a -> a.getText().contains("Draft #" + id + " (Oakfield)"));
        settle();

        // The same decision as the card's button: the card is edited in place, the author told by DM.
        SandboxClient.Seen decided = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(decided.text()).contains("✅ Approved by Amara Okafor on 25 Nov 2026, 07:00", "Ready to publish");
        assertThat(decided.buttons()).extracting(SandboxClient.Button::actionId).containsExactly("drafts.published");
        assertThat(dmTo(BEN, "Draft #" + id + " (Oakfield) is approved by Amara Okafor")
                        .text())
                .contains("Viking longhouse");
        assertThat(draftState(id)).isEqualTo("APPROVED");

        // Audited the same way, marked as made on the web.
        HttpResponse<String> csv = get("/drafts/" + id + "/audit.csv", session);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body())
                .contains(
                        "VOTE,Amara Okafor,amara-okafor,slack,head,approve by web",
                        "DECIDED,Amara Okafor,amara-okafor,slack,head,approved (1 of 1)");

        // The approver sees the draft with its audit log; the history lists it as approved.
        open("/drafts/" + id);
        assertThat(page()).contains("Audit log", "DECIDED", "approve by web");
        screenshots("draft-approver");
        open("/reviews");
        assertThat(find("#history-h").getText()).isEqualTo("Recent drafts in your schools");
        assertThat(page()).contains("Draft #" + id + " (Oakfield)\n");
    }

    @Test
    void aBlockedDraftIsItsAuthorsAloneUntilFixed() {
        String secret = "Tickets from Mrs Hill on 07700 900456 for the carol concert.";
        long blocked = submitDraft(BEN, OAKFIELD_STAFFROOM, secret, "notice");
        assertThat(draftState(blocked)).isEqualTo("BLOCKED");
        SandboxClient.Seen answer =
                sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM).orElseThrow();

        // Oakfield's head approves Oakfield's drafts, but a blocked one is not hers to read: not in the history, 403 on
        // the page and API.
        String amara = signIn(AMARA, OAKFIELD_STAFFROOM);
        open("/reviews");
        assertThat(page()).doesNotContain("Draft #" + blocked + " (Oakfield)").doesNotContain("07700 900456");
        assertThat(get("/api/reviews", amara).body())
                .doesNotContain("07700 900456")
                .doesNotContain("\"id\":" + blocked + ",");
        open("/drafts/" + blocked);
        assertThat(heading()).isEqualTo("You don’t have access to this page");
        assertThat(page()).doesNotContain("07700 900456");
        assertThat(get("/api/drafts/" + blocked, amara).statusCode()).isEqualTo(403);
        // Nor is it an admin's.
        String kate = signIn(KATE_SLACK, OAKFIELD_STAFFROOM);
        assertThat(get("/api/drafts/" + blocked, kate).statusCode()).isEqualTo(403);
        assertThat(get("/api/reviews", kate).body()).doesNotContain("07700 900456");

        // The author still sees it; fixed, it goes to the approvers and they see it again.
        String ben = signIn(BEN, OAKFIELD_STAFFROOM);
        assertThat(get("/api/drafts/" + blocked, ben).body()).contains("07700 900456");
        sandbox.press(BEN, answer, "drafts.edit");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Tickets for the carol concert from the office."),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("notice"),
                        "date",
                        List.of("")));
        settle();
        assertThat(draftState(blocked)).isEqualTo("IN_REVIEW");
        amara = signIn(AMARA, OAKFIELD_STAFFROOM);
        assertThat(get("/api/drafts/" + blocked, amara).statusCode()).isEqualTo(200);
    }

    @Test
    void changesNeedAReasonAndOnlyTheStagesApproversCountOnTheWeb() {
        long id = submitDraft(BEN, OAKFIELD_STAFFROOM, "Our Christmas fair raised £1,200 for the library.", "event");
        long reviewId = jdbc.sql("select review_id from draft where id = ?")
                .param(id)
                .query(Long.class)
                .single();

        // Riverside's head is an approver, but not of Oakfield's drafts: not in her queue, and a forged decision is
        // refused.
        signIn(CHLOE, RIVERSIDE_STAFFROOM);
        open("/reviews");
        assertThat(page()).doesNotContain("Draft #" + id + " (Oakfield)");
        postForm("/reviews/" + reviewId + "/1", Map.of("action", "approve"));
        assertThat(problem()).startsWith("Only Oakfield’s approvers can decide on Draft #" + id + " (Oakfield)");
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");

        signIn(AMARA, OAKFIELD_STAFFROOM);
        open("/reviews");
        go(reviewOf(id).findElement(By.cssSelector("button[value=reject]")));
        assertThat(problem()).isEqualTo("Please write a reason: the author needs to know what to do.");
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");

        WebElement item = reviewOf(id);
        item.findElement(By.tagName("textarea")).sendKeys("Please say what the money will buy.");
        go(item.findElement(By.cssSelector("button[value=changes]")));
        assertThat(notice())
                .isEqualTo("You asked for changes to Draft #" + id
                        + " (Oakfield). Ben Hughes has been told what to change.");
        settle();
        assertThat(draftState(id)).isEqualTo("CHANGES_REQUESTED");
        assertThat(card(AMARA, OAKFIELD_REVIEW, id).text())
                .contains("✏️ Changes requested by Amara Okafor", "Please say what the money will buy.");
        assertThat(dmTo(BEN, "Amara Okafor asked for changes to Draft #" + id).text())
                .contains("Please say what the money will buy.");
    }

    @Test
    void aTeacherSeesTheirOwnDraftsButNoOneElsesAndNoApproverOrAdminPages() {
        long blocked = submitDraft(
                BEN, OAKFIELD_STAFFROOM, "Tickets for the nativity: call Mrs Hill on 07700 900123.", "notice");
        long clean = submitDraft(
                BEN, OAKFIELD_STAFFROOM, "Reception planted bulbs in the wildlife garden.", "behind-the-scenes");
        assertThat(draftState(blocked)).isEqualTo("BLOCKED");

        String ben = signIn(BEN, OAKFIELD_STAFFROOM);
        go(browser.driver.findElement(By.linkText("Drafts")));
        assertThat(heading()).isEqualTo("Your drafts");
        assertThat(page())
                .contains(
                        "Draft #" + blocked + " (Oakfield)",
                        "Needs fixing",
                        "Draft #" + clean + " (Oakfield)",
                        "With approvers");
        screenshots("drafts");
        go(browser.driver.findElement(By.linkText("Draft #" + blocked + " (Oakfield)")));
        assertThat(page())
                .contains("Revision 1 (current)", "Must be fixed", "“07700 900123” looks like a phone number")
                .doesNotContain("Audit log");
        screenshots("draft-author");
        HttpResponse<String> mine = get("/api/drafts/" + blocked, ben);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(json(mine)
                        .get("revisions")
                        .get(0)
                        .get("findings")
                        .get(0)
                        .get("code")
                        .asString())
                .isEqualTo("phone");
        assertThat(json(mine).get("draft").get("state").asString()).isEqualTo("BLOCKED");
        assertThat(json(mine).get("draft").get("createdAt").asString()).isEqualTo("2026-11-25T07:00:00Z");

        String dan = signIn(DAN, RIVERSIDE_STAFFROOM);
        assertThat(find("header nav").getText())
                .contains("Today", "PD chats", "Drafts", "Wall")
                .doesNotContain("Reviews", "Questions", "Configuration", "Displays");
        open("/drafts");
        assertThat(page()).doesNotContain("Draft #" + clean);
        for (String path : List.of("/drafts/" + clean, "/reviews", "/questions", "/admin/displays", "/config")) {
            open(path);
            assertThat(heading()).as(path).isEqualTo("You don’t have access to this page");
        }

        // The JSON API asks the same questions: 403 for someone else's draft and for approver, coordinator and admin
        // endpoints.
        assertThat(get("/api/drafts", dan).body()).doesNotContain("\"id\":" + clean + ",");
        for (String path : List.of(
                "/api/drafts/" + clean,
                "/api/drafts/" + clean + "/audit",
                "/drafts/" + clean + "/audit.csv",
                "/drafts/audit.csv",
                "/api/reviews",
                "/api/questions",
                "/api/admin/displays",
                "/api/config")) {
            assertThat(get(path, dan).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(get("/api/drafts/999999", dan).statusCode()).isEqualTo(404);
        // Nobody signed in: the API says 401, pages send to sign-in.
        assertThat(get("/api/drafts", null).statusCode()).isEqualTo(401);
        HttpResponse<String> page = get("/drafts", null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
    }

    @Test
    void todayShowsTheQuestionAndAnswersAcrossSchoolsAndCoordinatorsKeepTheBank() {
        tickAt(Instant.parse("2026-11-25T08:16:00Z"));
        SandboxClient.Seen oakfield = questionIn(BEN, OAKFIELD_QOTD);
        sandbox.reply(BEN, OAKFIELD_QOTD, String.valueOf(oakfield.id()), "A class read-aloud after lunch, every day.");
        SandboxClient.Seen hillcrest = questionIn(HARRY, HILLCREST_QOTD);
        sandbox.reply(
                HARRY, HILLCREST_QOTD, String.valueOf(hillcrest.id()), "Lab coats on, goggles down: the kids love it.");
        settle();
        String question = jdbc.sql("select question_text from qotd_prompt where prompt_key = 'daily:2026-11-25'")
                .query(String.class)
                .single();

        String dan = signIn(DAN, RIVERSIDE_STAFFROOM);
        go(browser.driver.findElement(By.linkText("Today")));
        assertThat(heading()).isEqualTo("Today");
        assertThat(page())
                .contains(
                        question,
                        "A class read-aloud after lunch, every day.",
                        "Ben Hughes",
                        "Lab coats on, goggles down: the kids love it.",
                        "Harry Jones",
                        "2 answers across schools",
                        "Posted");
        assertThat(find("article.question table").getText()).contains("Oakfield 1 1", "Hillcrest 1 1", "Riverside 0 0");
        screenshots("today");
        HttpResponse<String> api = get("/api/today", dan);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(json(api).get("asked").get(0).get("answers")).hasSize(2);

        // Any teacher suggests a question on the web; a coordinator approves it into the bank there.
        find("#suggest-text").sendKeys("What is the best thing a pupil said to you this week?");
        find("#suggest-category").sendKeys("wellbeing");
        go(find("#suggest button[type=submit]"));
        assertThat(notice()).startsWith("Thanks! Your suggestion is with the coordinators");

        signIn(FARID_SLACK, RIVERSIDE_STAFFROOM);
        go(browser.driver.findElement(By.linkText("Questions")));
        assertThat(heading()).isEqualTo("Questions");
        // Sevilla reads Spanish: the bank shows which questions have no "es:" text in questions.yml yet.
        assertThat(bankRow("q006").getText()).contains("No “es” translation in questions.yml");
        assertThat(bankRow("q001").getText()).doesNotContain("translation");
        WebElement suggestion = findAll("#suggestions li").stream()
                .filter(li -> li.getText().contains("What is the best thing a pupil said to you this week?"))
                .findFirst()
                .orElseThrow();
        assertThat(suggestion.getText()).contains("Suggested by Dan Whitfield (Riverside) · wellbeing");
        screenshots("questions");
        go(suggestion.findElement(By.cssSelector("button[value=approve]")));
        assertThat(notice())
                .matches(
                        "Approved: “What is the best thing a pupil said to you this week\\?” is in the bank as c\\d+\\. Dan Whitfield has been told\\.");
        assertThat(dmTo(DAN, "added your suggestion to the question-of-the-day bank"))
                .isNotNull();

        // Adding, pinning and retiring, with the chat command's answers.
        find("#add-text").sendKeys("Which book are you reading to your class this term?");
        find("#add-category").sendKeys("reading");
        go(find("#add button[type=submit]"));
        assertThat(notice())
                .matches(
                        "Added (c\\d+) \\(reading\\): “Which book are you reading to your class this term\\?”\\. It joins the rotation\\.");
        String added = notice().replaceAll("^Added (c\\d+).*", "$1");
        WebElement row = bankRow(added);
        assertThat(row.getText()).contains("Not asked yet this cycle");
        ((JavascriptExecutor) browser.driver)
                .executeScript(
                        "arguments[0].value = '2026-12-02'", row.findElement(By.cssSelector("input[type=date]")));
        go(row.findElement(By.xpath(".//button[text()='Pin']")));
        assertThat(notice())
                .isEqualTo("Pinned " + added + " to Wed 2 Dec: “Which book are you reading to your class this term?”.");
        assertThat(bankRow(added).getText()).contains("Pinned to Wed 2 Dec 2026");
        // Retiring asks first, on a page of its own; Cancel changes nothing.
        go(bankRow(added).findElement(By.cssSelector("button.danger")));
        assertThat(heading()).isEqualTo("Retire " + added + ": “Which book are you reading to your class this term?”?");
        screenshots("questions-confirm-retire");
        go(find("form.confirm-form a"));
        assertThat(bankRow(added).getText()).doesNotContain("Retired");
        go(bankRow(added).findElement(By.cssSelector("button.danger")));
        go(find("form.confirm-form button[type=submit]"));
        assertThat(notice())
                .isEqualTo("Retired " + added
                        + ": “Which book are you reading to your class this term?”. It won’t be asked again. "
                        + "It was pinned to Wed 2 Dec; that pin is removed.");
        // A date nobody is at school is refused, as in chat, and nothing changes.
        WebElement other = findAll("table.bank tbody tr").stream()
                .filter(r -> !r.findElements(By.cssSelector("input[type=date]")).isEmpty())
                .findFirst()
                .orElseThrow();
        ((JavascriptExecutor) browser.driver)
                .executeScript(
                        "arguments[0].value = '2026-11-28'", other.findElement(By.cssSelector("input[type=date]")));
        go(other.findElement(By.xpath(".//button[text()='Pin']")));
        assertThat(problem()).isEqualTo("No school has a question on Sat 28 Nov: pick a school day.");
        assertThat(get(
                                "/api/questions",
                                browser.driver
                                        .manage()
                                        .getCookieNamed("JSESSIONID")
                                        .getValue())
                        .statusCode())
                .isEqualTo(200);

        // A school's coordinator retires only questions they added; the trust's bank is for trust-wide coordinators.
        signIn(CHLOE, RIVERSIDE_STAFFROOM);
        open("/questions");
        find("#add-text").sendKeys("What is one thing Riverside does better than anyone?");
        find("#add-category").sendKeys("general");
        go(find("#add button[type=submit]"));
        String chloes = notice().replaceAll("^Added (c\\d+).*", "$1");
        postForm("/questions/q001/retire", Map.of("confirm", "yes"));
        assertThat(problem())
                .isEqualTo("q001 is in the whole trust’s bank: only a trust-wide coordinator can retire it. "
                        + "You can retire questions you added yourself.");
        assertThat(bankRow("q001").getText()).doesNotContain("Retired");
        go(bankRow(chloes).findElement(By.cssSelector("button.danger")));
        go(find("form.confirm-form button[type=submit]"));
        assertThat(notice()).startsWith("Retired " + chloes + ":");
    }

    @Test
    void pdChatsShowWhatIsComingAndTheArchiveWithItsDownloads() {
        clock.set(Instant.parse("2026-11-25T09:00:00Z"));
        sandbox.command(FARID_SLACK, RIVERSIDE_STAFFROOM, "/pdchat schedule");
        sandbox.submitForm(
                FARID_SLACK,
                Map.of(
                        "chat",
                        List.of("#ReadingChat Reading for pleasure"),
                        "start",
                        List.of("2026-12-10 17:00"),
                        "questions",
                        List.of(
                                "How do you make time for reading for pleasure?\nWhich book hooked your class this year?"),
                        "schools",
                        List.of("oakfield", "riverside"),
                        "options",
                        List.of("live 10 once")));
        sandbox.command(FARID_SLACK, RIVERSIDE_STAFFROOM, "/pdchat start #ReadingChat");
        settle();
        sandbox.post(BEN, OAKFIELD_PD, "A1: Ten minutes of reading aloud after lunch, every single day #ReadingChat");
        sandbox.post(DAN, RIVERSIDE_PD, "A1: A book swap trolley in the corridor on Fridays #ReadingChat");
        settle();
        sandbox.command(FARID_SLACK, RIVERSIDE_STAFFROOM, "/pdchat stop #ReadingChat");
        tickAt(Instant.parse("2026-11-25T09:30:00Z"));
        String chatId = jdbc.sql("select chat_id from pdchat_chat where hashtag = '#ReadingChat'")
                .query(String.class)
                .single();
        String date = jdbc.sql("select occurrence_date from pdchat_occurrence where chat_id = ?")
                .param(chatId)
                .query(String.class)
                .single();

        String ben = signIn(BEN, OAKFIELD_STAFFROOM);
        go(browser.driver.findElement(By.linkText("PD chats")));
        assertThat(heading()).isEqualTo("PD chats");
        WebElement weekly = findAll("article.chat").stream()
                .filter(a -> a.getText().contains("#NWTchat"))
                .findFirst()
                .orElseThrow();
        assertThat(weekly.getText())
                .contains(
                        "Feedback that moves learning on",
                        "Next",
                        "19:00",
                        "(Europe/London)",
                        "Farid Rahman",
                        "one every 10 minutes · every week",
                        "All schools");
        assertThat(find("#archive-h").getText()).isEqualTo("Archive");
        screenshots("chats");

        go(browser.driver.findElement(By.linkText("#ReadingChat · Reading for pleasure")));
        assertThat(heading()).isEqualTo("#ReadingChat: Reading for pleasure");
        assertThat(page())
                .contains(
                        "Q1: How do you make time for reading for pleasure?",
                        "Ten minutes of reading aloud after lunch",
                        "Ben Hughes",
                        "A book swap trolley in the corridor on Fridays",
                        "Dan Whitfield",
                        "2 messages from 2 people");
        screenshots("transcript");

        HttpResponse<String> md = get("/pdchat/archives/" + chatId + "/" + date + ".md", ben);
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(md.body())
                .startsWith("# #ReadingChat: Reading for pleasure")
                .contains("Ten minutes of reading aloud after lunch");
        HttpResponse<String> html = get("/pdchat/archives/" + chatId + "/" + date + ".html", ben);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body())
                .contains(
                        "<!DOCTYPE html>",
                        "<title>#ReadingChat: Reading for pleasure</title>",
                        "A book swap trolley",
                        "Q1: How do you make time for reading for pleasure?")
                .doesNotContain("<script", "<nav");
        assertThat(html.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        assertThat(get("/pdchat/archives/" + chatId + "/" + date + ".md", null).statusCode())
                .isEqualTo(302);
        assertThat(get("/pdchat/archives/" + chatId + "/2020-01-01.md", ben).statusCode())
                .isEqualTo(404);
        HttpResponse<String> api = get("/api/chats", ben);
        assertThat(json(api).get("upcoming").get(0).get("hashtag").asString()).isEqualTo("#NWTchat");
    }

    // ------------------------------------------------------------------ helpers

    /** The review waiting in the queue for a draft. */
    WebElement reviewOf(long draftId) {
        return findAll("article.review").stream()
                .filter(a -> a.getText().contains("Draft #" + draftId + " (Oakfield)"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("draft " + draftId + " is not in the queue:\n" + page()));
    }

    WebElement bankRow(String questionId) {
        return findAll("table.bank tbody tr").stream()
                .filter(r -> r.findElement(By.tagName("code")).getText().equals(questionId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bank row " + questionId));
    }

    SandboxClient.Seen questionIn(String as, String channel) {
        return sandbox.botMessages(as, channel).stream()
                .filter(m -> m.threadId() == null && m.contains("Question of the day"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no question in " + channel));
    }

    /** Sends a form from the current page with its CSRF token, as a hand-made form would. */
    void postForm(String path, Map<String, String> fields) {
        StringBuilder js =
                new StringBuilder("var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                        + "function add(n, v) { var i = document.createElement('input'); i.type = 'hidden'; i.name = n; i.value = v; f.appendChild(i); }"
                        + "add('_csrf', document.querySelector('input[name=_csrf]').value);");
        fields.forEach(
                (k, v) -> js.append("add('").append(k).append("', '").append(v).append("');"));
        js.append("document.body.appendChild(f); f.submit();");
        ((JavascriptExecutor) browser.driver).executeScript(js.toString(), path);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector(".notices p")).isEmpty());
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }
}
