package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.awt.Color;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public side in a real browser and over HTTP: the wall shows approved posts and never a
 * pending one; the feeds validate as JSON Feed 1.1 and RSS 2.0, per school too; only the embeddable
 * variant may be framed by another site; a post pulled for withdrawn consent leaves the wall, the
 * feeds and the screens at once; display links work until an admin revokes them; and the chats'
 * calendar parses as iCalendar with the weekly chat at 19:00 in London.
 */
class WallAndDisplayTest extends WebTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theWallAndFeedsShowApprovedPostsOnlyAndAPulledPostLeavesThemAtOnce() throws Exception {
        long approved = submitDraftWithPhoto(
                BEN,
                OAKFIELD_STAFFROOM,
                "Poppy Lane won the county chess final! Well played, Poppy. #chess",
                "achievement",
                photo(640, 420, new Color(0x1d4ed8)));
        sandbox.react(AMARA, card(AMARA, OAKFIELD_REVIEW, approved).id(), "✅");
        long riverside = submitDraftWithPhoto(
                DAN,
                RIVERSIDE_STAFFROOM,
                "Year 3 built a bug hotel for the wildlife garden. #outdoorlearning",
                "behind-the-scenes",
                photo(640, 480, new Color(0x0f6b3a)));
        sandbox.react(CHLOE, card(CHLOE, RIVERSIDE_REVIEW, riverside).id(), "✅");
        long pending = submitDraft(
                BEN, OAKFIELD_STAFFROOM, "Draft not yet approved: the carol concert is on Thursday.", "event");
        settle();
        assertThat(draftState(approved)).isEqualTo("APPROVED");
        assertThat(draftState(riverside)).isEqualTo("APPROVED");

        open("/wall");
        assertThat(heading()).isEqualTo("News from Northwold Learning Trust");
        assertThat(page())
                .contains(
                        "Poppy Lane won the county chess final!",
                        "Year 3 built a bug hotel",
                        "Oakfield Primary School",
                        "Achievement")
                .doesNotContain("Draft not yet approved");
        assertThat(findAll(".post img"))
                .isNotEmpty()
                .allSatisfy(img -> assertThat(img.getAttribute("alt")).startsWith("Photo 1 from"));
        assertThat(((Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                                .executeScript("return document.querySelector('.post img').naturalWidth"))
                        .intValue())
                .isEqualTo(640);
        screenshots("wall");
        assertThat(get("/wall/" + pending, null).statusCode()).isEqualTo(404);
        assertThat(get("/wall", null).headers().firstValue("Cache-Control").orElse(""))
                .contains("no-store");

        // Filters: by school, by category, by hashtag.
        new org.openqa.selenium.support.ui.Select(find("#f-school")).selectByVisibleText("Riverside Primary School");
        go(find(".filters button[type=submit]"));
        assertThat(page()).contains("Year 3 built a bug hotel").doesNotContain("Poppy Lane");
        open("/wall");
        go(browser.driver.findElement(By.linkText("#chess")));
        assertThat(find("#f-tag").getAttribute("value")).isEqualTo("chess");
        assertThat(page()).contains("Poppy Lane").doesNotContain("bug hotel");
        open("/wall?category=behind-the-scenes");
        assertThat(page()).contains("bug hotel").doesNotContain("Poppy Lane");
        open("/wall/" + approved);
        assertThat(page()).contains("Poppy Lane won the county chess final!", "More from Oakfield Primary School");
        screenshots("wall-post");

        // JSON Feed 1.1 and RSS 2.0, whole trust and per school.
        JsonNode feed = jsonFeed("/feed.json");
        assertThat(ids(feed)).contains(url(approved), url(riverside)).doesNotContain(url(pending));
        JsonNode item = item(feed, approved);
        assertThat(item.get("content_text").asString())
                .isEqualTo("Poppy Lane won the county chess final! Well played, Poppy. #chess");
        assertThat(item.get("image").asString()).startsWith(url("/files/"));
        assertThat(item.get("tags").toString()).contains("Achievement", "chess");
        assertThat(ids(jsonFeed("/feed.json?school=oakfield")))
                .contains(url(approved))
                .doesNotContain(url(riverside));
        assertThat(jsonFeed("/feed.json?school=oakfield").get("feed_url").asString())
                .isEqualTo(url("/feed.json?school=oakfield"));
        Document rss = rss("/feed.rss");
        assertThat(rssLinks(rss)).contains(url(approved), url(riverside)).doesNotContain(url(pending));
        assertThat(rssLinks(rss("/feed.rss?school=riverside")))
                .contains(url(riverside))
                .doesNotContain(url(approved));
        assertThat(get("/feed.json?school=nowhere", null).statusCode()).isEqualTo(404);

        // Only the embeddable wall may be framed by another site.
        HttpResponse<String> embed = get("/wall/embed?school=oakfield", null);
        assertThat(embed.statusCode()).isEqualTo(200);
        assertThat(embed.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(embed.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("frame-ancestors *");
        assertThat(embed.body()).contains("Poppy Lane").doesNotContain("bug hotel");
        assertThat(get("/wall", null).headers().firstValue("X-Frame-Options").orElse(""))
                .isEqualTo("SAMEORIGIN");
        assertThat(get("/feed.json", null)
                        .headers()
                        .firstValue("X-Frame-Options")
                        .orElse(""))
                .isEqualTo("SAMEORIGIN");
        open("/wall/embed?school=oakfield");
        screenshots("wall-embed");

        // Consent withdrawn for the pupil it names: gone from the wall, its page, the feeds and the photo at once.
        String photo = item.get("image").asString().replace(url(""), "");
        assertThat(get(photo, null).statusCode()).isEqualTo(200);
        Files.writeString(CONFIG.resolve("consent.yml"), "    - Poppy Lane\n", StandardOpenOption.APPEND);
        assertThat(trustConfig.reload()).isTrue();
        settle();
        open("/wall");
        assertThat(page()).doesNotContain("Poppy Lane").contains("Year 3 built a bug hotel");
        assertThat(get("/wall/" + approved, null).statusCode()).isEqualTo(404);
        assertThat(ids(jsonFeed("/feed.json"))).doesNotContain(url(approved)).contains(url(riverside));
        assertThat(rssLinks(rss("/feed.rss"))).doesNotContain(url(approved));
        assertThat(get("/wall/embed?school=oakfield", null).body()).doesNotContain("Poppy Lane");
        assertThat(get(photo, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anAdminMakesADisplayLinkForAScreenAndRevokesIt() {
        long post = submitDraftWithPhoto(
                DAN,
                RIVERSIDE_STAFFROOM,
                "Our choir sang at the town’s Christmas lights switch-on!",
                "event",
                photo(800, 520, new Color(0xa11a1a)));
        sandbox.react(CHLOE, card(CHLOE, RIVERSIDE_REVIEW, post).id(), "✅");
        settle();

        String kate = signIn(KATE_SLACK, OAKFIELD_STAFFROOM);
        go(browser.driver.findElement(By.linkText("Displays")));
        assertThat(heading()).isEqualTo("Display links");
        find("#label").sendKeys("Riverside reception");
        new org.openqa.selenium.support.ui.Select(find("#school")).selectByVisibleText("Riverside Primary School");
        go(find("form.narrow-form button[type=submit]"));
        String link = find("#created-link").getAttribute("value");
        assertThat(link).matches(java.util.regex.Pattern.quote(url("/display/")) + "[A-Za-z0-9_-]{43}");
        assertThat(page()).contains("Display link made for “Riverside reception”", "Copy it now");
        screenshots("displays");
        String token = link.substring(link.lastIndexOf('/') + 1);
        assertThat(jdbc.sql("select count(*) from display_link where token_hash = ?")
                        .param(LoginLinks.hash(token))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from display_link where token_hash = ?")
                        .param(token)
                        .query(Long.class)
                        .single())
                .isZero();

        browser.driver.manage().deleteAllCookies();
        open("/display/" + token);
        assertThat(heading()).isEqualTo("Riverside Primary School");
        assertThat(find(".slide.current").getText())
                .contains("Our choir sang at the town’s Christmas lights switch-on!", "Riverside", "Event");
        screenshots("display");
        HttpResponse<String> posts = get("/display/" + token + "/posts.json", null);
        assertThat(posts.statusCode()).isEqualTo(200);
        assertThat(posts.body()).contains("Our choir sang");
        assertThat(posts.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        signIn(KATE_SLACK, OAKFIELD_STAFFROOM);
        open("/admin/displays");
        assertThat(page()).contains("Riverside reception");
        go(findAll("table tbody tr").stream()
                .filter(r -> r.getText().contains("Riverside reception"))
                .findFirst()
                .orElseThrow()
                .findElement(By.cssSelector("button.danger")));
        // Revoking cannot be undone, so it asks first.
        assertThat(heading()).isEqualTo("Revoke the link for “Riverside reception”?");
        screenshots("displays-confirm-revoke");
        go(find("form.confirm-form button[type=submit]"));
        assertThat(notice())
                .isEqualTo("The link for “Riverside reception” is revoked: its screen stops showing posts.");
        assertThat(get("/api/admin/displays", kate).body())
                .contains("\"label\":\"Riverside reception\"", "\"revokedBy\":\"Kate Brennan\"");

        browser.driver.manage().deleteAllCookies();
        open("/display/" + token);
        assertThat(heading()).isEqualTo("This display link has been revoked.");
        screenshots("display-revoked");
        assertThat(get("/display/" + token, null).statusCode()).isEqualTo(410);
        assertThat(get("/display/" + token + "/posts.json", null).statusCode()).isEqualTo(410);
        assertThat(get("/display/not-a-real-token", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theChatCalendarIsValidICalendarWithTheWeeklyChatAtSevenInLondon() {
        HttpResponse<String> r = get("/chats.ics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
        String body = r.body();
        ChatCalendarTest.assertWellFormed(body);
        List<String> lines = ChatCalendarTest.unfold(body);
        List<List<String>> events = ChatCalendarTest.components(lines, "VEVENT");
        List<String> weekly = events.stream()
                .filter(e -> e.contains("SUMMARY:#NWTchat · Feedback that moves learning on"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no #NWTchat event in\n" + body));
        assertThat(weekly)
                .contains("RRULE:FREQ=WEEKLY")
                .anyMatch(l -> l.startsWith("UID:nwtchat-weekly@"))
                .anyMatch(l -> l.startsWith("DTSTAMP:") && l.endsWith("Z"));
        String dtstart =
                weekly.stream().filter(l -> l.startsWith("DTSTART")).findFirst().orElseThrow();
        assertThat(dtstart).startsWith("DTSTART;TZID=Europe/London:");
        java.time.ZonedDateTime start = ChatCalendarTest.parse(dtstart);
        assertThat(start.toLocalTime()).isEqualTo(java.time.LocalTime.of(19, 0));
        assertThat(start.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.TUESDAY);
        // The clock says Wednesday 25 November 2026: the next run is Tuesday 1 December, 19:00 in London (19:00 UTC in
        // winter).
        assertThat(start)
                .isEqualTo(java.time.ZonedDateTime.of(2026, 12, 1, 19, 0, 0, 0, java.time.ZoneId.of("Europe/London")));
        assertThat(start.toInstant()).isEqualTo(java.time.Instant.parse("2026-12-01T19:00:00Z"));
        assertThat(ChatCalendarTest.components(lines, "VTIMEZONE"))
                .anySatisfy(tz -> assertThat(tz).contains("TZID:Europe/London"));
    }

    // ------------------------------------------------------------------ helpers

    /** An item's id and url: the post's page on the address Staffroom serves (the sample leaves web.base-url unset). */
    String url(long id) {
        return url("/wall/" + id);
    }

    /** Fetches a JSON Feed and checks what JSON Feed 1.1 requires of it and of every item. */
    JsonNode jsonFeed(String path) {
        HttpResponse<String> r = get(path, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/feed+json");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        JsonNode feed = JSON.readTree(r.body());
        assertThat(feed.get("version").asString()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(feed.get("title").asString()).isNotBlank();
        assertThat(feed.get("home_page_url").asString()).startsWith(url("/wall"));
        assertThat(feed.get("items").isArray()).isTrue();
        for (JsonNode i : feed.get("items")) {
            assertThat(i.get("id").isString()).as("item id is a string").isTrue();
            assertThat(i.has("content_text") || i.has("content_html"))
                    .as("item has content")
                    .isTrue();
            assertThat(OffsetDateTime.parse(i.get("date_published").asString())).isNotNull();
            if (i.has("authors"))
                assertThat(i.get("authors").get(0).get("name").asString()).isNotBlank();
            if (i.has("attachments")) {
                for (JsonNode a : i.get("attachments"))
                    assertThat(a.has("url") && a.has("mime_type")).isTrue();
            }
        }
        return feed;
    }

    static List<String> ids(JsonNode feed) {
        List<String> out = new ArrayList<>();
        feed.get("items").forEach(i -> out.add(i.get("id").asString()));
        return out;
    }

    JsonNode item(JsonNode feed, long id) {
        for (JsonNode i : feed.get("items")) if (i.get("id").asString().equals(url(id))) return i;
        throw new AssertionError("no item " + id);
    }

    /** Fetches RSS, parses it as XML and checks RSS 2.0's required channel and item elements. */
    Document rss(String path) throws Exception {
        HttpResponse<String> r = get(path, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/rss+xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(r.body())));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("rss");
        assertThat(root.getAttribute("version")).isEqualTo("2.0");
        NodeList channels = root.getElementsByTagName("channel");
        assertThat(channels.getLength()).isEqualTo(1);
        Element channel = (Element) channels.item(0);
        for (String required : List.of("title", "link", "description")) {
            assertThat(child(channel, required)).as("channel/" + required).isNotBlank();
        }
        NodeList items = channel.getElementsByTagName("item");
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            assertThat(child(item, "title") + child(item, "description"))
                    .as("item has a title or description")
                    .isNotBlank();
            assertThat(child(item, "link")).startsWith(url("/wall/"));
            assertThat(child(item, "guid")).isEqualTo(child(item, "link"));
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(child(item, "pubDate"));
        }
        return doc;
    }

    static List<String> rssLinks(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList items = doc.getElementsByTagName("item");
        for (int i = 0; i < items.getLength(); i++) out.add(child((Element) items.item(i), "link"));
        return out;
    }

    static String child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e
                    && e.getNamespaceURI() == null
                    && e.getTagName().equals(name)) return e.getTextContent();
        }
        return "";
    }
}
