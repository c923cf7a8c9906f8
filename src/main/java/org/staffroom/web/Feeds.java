package org.staffroom.web;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.web.util.HtmlUtils;
import org.staffroom.drafts.PublicPost;
import org.staffroom.drafts.XmlText;

/**
 * The wall as feeds: JSON Feed 1.1 (https://jsonfeed.org/version/1.1) and RSS 2.0. Addresses are
 * absolute, from trust.yml's {@code web.base-url}. Post text goes in as text (RSS: escaped HTML in
 * {@code description}), never as markup someone could have written.
 */
final class Feeds {

    static final String JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String DC = "http://purl.org/dc/elements/1.1/";

    private Feeds() {}

    /** What the feed is: its title, description and addresses (with {@code ?school=} for a school's feed). */
    record Channel(
            String title,
            String description,
            String language,
            String homeUrl,
            String jsonUrl,
            String rssUrl,
            String baseUrl,
            String trustName) {}

    /** A label for a category in the feed's language, and a post's title. */
    interface Labels {
        String category(PublicPost p);

        String title(PublicPost p);
    }

    static String itemUrl(Channel c, PublicPost p) {
        return c.baseUrl() + "/wall/" + p.id();
    }

    static Map<String, Object> json(Channel c, List<PublicPost> posts, Labels labels) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("version", JSON_FEED_VERSION);
        feed.put("title", c.title());
        feed.put("home_page_url", c.homeUrl());
        feed.put("feed_url", c.jsonUrl());
        feed.put("description", c.description());
        feed.put("language", c.language());
        feed.put("authors", List.of(Map.of("name", c.trustName())));
        List<Map<String, Object>> items = new ArrayList<>();
        for (PublicPost p : posts) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", itemUrl(c, p));
            item.put("url", itemUrl(c, p));
            item.put("title", XmlText.strip(labels.title(p)));
            item.put("content_text", p.text() == null ? "" : XmlText.strip(p.text()));
            if (!p.photos().isEmpty()) item.put("image", p.photos().get(0).url());
            item.put("date_published", rfc3339(p.approvedAt()));
            if (p.publishedAt() != null) item.put("date_modified", rfc3339(p.publishedAt()));
            item.put("authors", List.of(Map.of("name", p.schoolName())));
            List<String> tags = new ArrayList<>();
            tags.add(labels.category(p));
            tags.addAll(Wall.tags(p.text()));
            item.put("tags", tags.stream().map(XmlText::strip).toList());
            if (p.publishedUrl() != null) item.put("external_url", p.publishedUrl());
            if (!p.photos().isEmpty()) {
                item.put(
                        "attachments",
                        p.photos().stream()
                                .map(ph -> Map.<String, Object>of("url", ph.url(), "mime_type", ph.mimeType()))
                                .toList());
            }
            items.add(item);
        }
        feed.put("items", items);
        return feed;
    }

    static String rss(Channel c, List<PublicPost> posts, Labels labels, Instant now) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("rss");
            x.writeAttribute("version", "2.0");
            x.writeNamespace("atom", ATOM);
            x.writeNamespace("dc", DC);
            x.writeStartElement("channel");
            element(x, "title", c.title());
            element(x, "link", c.homeUrl());
            element(x, "description", c.description());
            element(x, "language", c.language());
            element(x, "lastBuildDate", rfc822(now));
            element(x, "generator", "Staffroom");
            x.writeEmptyElement("atom", "link", ATOM);
            x.writeAttribute("href", c.rssUrl());
            x.writeAttribute("rel", "self");
            x.writeAttribute("type", "application/rss+xml");
            for (PublicPost p : posts) {
                x.writeStartElement("item");
                element(x, "title", labels.title(p));
                element(x, "link", itemUrl(c, p));
                element(x, "description", html(p));
                // RSS's <author> must be an e-mail address; Dublin Core's creator names the school.
                x.writeStartElement("dc", "creator", DC);
                x.writeCharacters(XmlText.strip(p.schoolName()));
                x.writeEndElement();
                element(x, "category", labels.category(p));
                for (String tag : Wall.tags(p.text())) element(x, "category", "#" + tag);
                x.writeStartElement("guid");
                x.writeAttribute("isPermaLink", "true");
                x.writeCharacters(itemUrl(c, p));
                x.writeEndElement();
                element(x, "pubDate", rfc822(p.approvedAt()));
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the RSS feed", e);
        }
        return out.toString();
    }

    /** The post as a little HTML fragment: its text (escaped, line breaks kept) and its photos. */
    static String html(PublicPost p) {
        StringBuilder h = new StringBuilder("<p>")
                .append(HtmlUtils.htmlEscape(p.text() == null ? "" : p.text()).replace("\n", "<br>"))
                .append("</p>");
        for (PublicPost.Photo ph : p.photos()) {
            h.append("<p><img src=\"")
                    .append(HtmlUtils.htmlEscape(ph.url()))
                    .append("\" width=\"")
                    .append(ph.width())
                    .append("\" height=\"")
                    .append(ph.height())
                    .append("\" alt=\"\"></p>");
        }
        return h.toString();
    }

    private static void element(XMLStreamWriter x, String name, String text) throws XMLStreamException {
        x.writeStartElement(name);
        // Posts stored before intake cleaned them may still hold characters XML forbids.
        x.writeCharacters(text == null ? "" : XmlText.strip(text));
        x.writeEndElement();
    }

    static String rfc3339(Instant at) {
        return at == null
                ? null
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        at.atOffset(ZoneOffset.UTC).withNano(0));
    }

    static String rfc822(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format((at == null ? Instant.EPOCH : at).atOffset(ZoneOffset.UTC));
    }
}
