package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.staffroom.drafts.Category;
import org.staffroom.drafts.PublicPost;
import org.staffroom.drafts.XmlText;
import org.w3c.dom.Document;

/** One post holding characters XML forbids must not make /feed.rss unreadable, nor reach /feed.json. */
class FeedsXmlCharactersTest {

    static final String FORBIDDEN =
            "Sports\u000B day\u0001 results\u0000 \uFFFE\uFFFF\uD800 lone \uDC00 done \uD83C\uDFC6";

    static final Feeds.Channel CHANNEL = new Feeds.Channel(
            "Northwold",
            "News",
            "en-GB",
            "http://localhost/wall",
            "http://localhost/feed.json",
            "http://localhost/feed.rss",
            "http://localhost",
            "Northwold Learning Trust");
    static final Feeds.Labels LABELS = new Feeds.Labels() {
        public String category(PublicPost p) {
            return "Event";
        }

        public String title(PublicPost p) {
            return "Post\u0008 " + p.id();
        }
    };

    static PublicPost post() {
        return new PublicPost(
                7,
                "oakfield",
                "Oakfield\u001F Primary",
                "school",
                Category.EVENT,
                FORBIDDEN + "\n#SportsDay\u000C",
                List.of("facebook"),
                List.of(),
                null,
                Instant.parse("2026-12-07T10:00:00Z"),
                null,
                null);
    }

    @Test
    void theRssFeedIsWellFormedXmlAndKeepsEverythingElse() throws Exception {
        String rss = Feeds.rss(CHANNEL, List.of(post()), LABELS, Instant.parse("2026-12-07T12:00:00Z"));
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(rss.getBytes(StandardCharsets.UTF_8)));
        String description = doc.getElementsByTagName("description").item(1).getTextContent();
        assertThat(description).contains("Sports day results", "lone  done \uD83C\uDFC6");
        assertThat(doc.getElementsByTagName("dc:creator").item(0).getTextContent())
                .isEqualTo("Oakfield Primary");
        assertThat(rss).doesNotContain("\u000B", "\u0001", "\u0000", "\uFFFE", "\uFFFF", "\u0008", "\u001F", "\u000C");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonFeedCarriesNoneOfThemEither() {
        Map<String, Object> feed = Feeds.json(CHANNEL, List.of(post()), LABELS);
        Map<String, Object> item = ((List<Map<String, Object>>) feed.get("items")).get(0);
        assertThat((String) item.get("content_text"))
                .isEqualTo("Sports day results  lone  done \uD83C\uDFC6\n#SportsDay");
        assertThat((String) item.get("title")).isEqualTo("Post 7");
    }

    @Test
    void strippingKeepsTabsLineBreaksAndPairsAndReturnsCleanTextUnchanged() {
        String clean = "Tab\there\r\nemoji \uD83D\uDE00 ñ";
        assertThat(XmlText.strip(clean)).isSameAs(clean);
        assertThat(XmlText.strip("a\uDC00b\uD800")).isEqualTo("ab");
        assertThat(XmlText.strip(null)).isNull();
    }
}
