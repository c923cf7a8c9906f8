package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.AMARA;
import static org.staffroom.testing.Sample.KATE_SLACK;
import static org.staffroom.testing.Sample.OAKFIELD_STAFFROOM;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.StaffroomTest;

/**
 * Every page carries the strict Content-Security-Policy and still works under it: each is opened
 * in Chromium as the people who may see it, and the browser's console must stay free of errors
 * (a blocked inline script or style, or a resource from elsewhere, shows there).
 */
@StaffroomTest
class ContentSecurityPolicyTest extends WebTestSupport {

    /** The pages, as an admin (who is also a coordinator) may see them. */
    static final List<String> ADMIN_PAGES = List.of(
            "/", "/today", "/chats", "/drafts", "/questions", "/config", "/admin/displays", "/admin/people", "/wall");

    static final List<String> APPROVER_PAGES = List.of("/reviews", "/drafts");
    static final List<String> PUBLIC_PAGES =
            List.of("/login", "/wall", "/wall/embed", "/sandbox", "/login/not-a-token");

    @Test
    void everyPageSendsTheStrictPolicyAndOnlyTheEmbedMayBeFramed() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<String> paths = new ArrayList<>(PUBLIC_PAGES);
        paths.addAll(List.of(
                "/feed.json",
                "/feed.rss",
                "/chats.ics",
                "/actuator/health",
                "/web/app.css",
                "/sandbox/sandbox.js",
                "/no-such-page"));
        for (String path : paths) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp)
                    .as(path)
                    .contains("default-src 'self'")
                    .contains("object-src 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(csp)
                    .as(path)
                    .contains(path.equals("/wall/embed") ? "frame-ancestors *" : "frame-ancestors 'self'");
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .contains("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).isPresent();
            assertThat(r.headers().firstValue("Strict-Transport-Security"))
                    .as(path + ": no HSTS over plain http")
                    .isEmpty();
        }
    }

    @Test
    void everyPageWorksUnderThePolicyWithNoConsoleErrors() {
        Map<String, List<String>> errors = new TreeMap<>();
        for (String path : PUBLIC_PAGES) visit("anyone", path, errors);
        signIn(KATE_SLACK, OAKFIELD_STAFFROOM);
        for (String path : ADMIN_PAGES) visit("admin", path, errors);
        signIn(AMARA, OAKFIELD_STAFFROOM);
        for (String path : APPROVER_PAGES) visit("approver", path, errors);
        System.out.println("CSP pages=" + (PUBLIC_PAGES.size() + ADMIN_PAGES.size() + APPROVER_PAGES.size())
                + " with_console_errors=" + errors.size());
        assertThat(errors).isEmpty();
    }

    private void visit(String who, String path, Map<String, List<String>> errors) {
        browser.consoleErrors();
        open(path);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(20))
                .until(d -> "complete"
                        .equals(((org.openqa.selenium.JavascriptExecutor) d)
                                .executeScript("return document.readyState")));
        browser.screenshot("csp-" + who + path.replace('/', '_'));
        List<String> found = browser.consoleErrors();
        if (!found.isEmpty()) errors.put(who + " " + path, found);
    }
}
