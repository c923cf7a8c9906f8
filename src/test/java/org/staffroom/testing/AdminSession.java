package org.staffroom.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.staffroom.web.LoginLinks;

/**
 * A dashboard session for the sample trust's admin, signed in the way a person does (a link, the
 * confirm page, its button), for tests that read what only admins see, such as health details.
 */
public final class AdminSession {

    private AdminSession() {}

    /** The {@code Cookie} header value of a fresh admin session on the app at {@code port}. */
    public static String cookie(int port, LoginLinks links) {
        try {
            HttpClient http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            String token = links.create("kate-brennan", "Kate Brennan", "SLACK");
            URI uri = URI.create("http://localhost:" + port + "/login/" + token);
            HttpResponse<String> page =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            String session = page.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID="))
                    .map(c -> c.substring(0, c.indexOf(';')))
                    .findFirst()
                    .orElseThrow();
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
            if (!csrf.find()) throw new IllegalStateException("the sign-in page has no form");
            HttpResponse<String> signedIn = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Cookie", session)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return signedIn.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID="))
                    .map(c -> c.substring(0, c.indexOf(';')))
                    .findFirst()
                    .orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
