package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Sign-in by a link from chat, in a real browser (headless Chromium): single use, ten minutes,
 * bound to the person; pages by role; sign-out; CSRF on forms.
 */
class WebSignInTest extends WebTestSupport {

    @Test
    void anAdminSignsInWithALinkFromChatAndSeesTheConfiguration() {
        String link = linkFor(KATE_SLACK, OAKFIELD_STAFFROOM);
        browser.driver.get(link);
        assertThat(heading()).isEqualTo("Sign in as Kate Brennan?");
        screenshots("sign-in-confirm");
        go(browser.driver.findElement(By.cssSelector("main button[type=submit]")));

        assertThat(heading()).isEqualTo("Welcome, Kate Brennan");
        screenshots("home-admin");
        go(browser.driver.findElement(By.linkText("Configuration")));
        assertThat(heading()).isEqualTo("Configuration");
        assertThat(browser.driver.getPageSource())
                .contains("is valid and in force")
                .contains("Oakfield Primary School");
        screenshots("config");

        // Sign out, then the dashboard asks for a link again.
        go(browser.driver.findElement(By.cssSelector("header nav button")));
        assertThat(browser.driver.getPageSource()).contains("You have signed out.");
        open("/");
        assertThat(heading()).isEqualTo("Sign in");
        screenshots("sign-in");
    }

    @Test
    void aLinkWorksOnceOnly() {
        String link = linkFor(BEN, OAKFIELD_STAFFROOM);
        browser.driver.get(link);
        go(browser.driver.findElement(By.cssSelector("main button[type=submit]")));
        assertThat(heading()).isEqualTo("Welcome, Ben Hughes");

        browser.driver.manage().deleteAllCookies();
        browser.driver.get(link);
        assertThat(browser.driver.findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("That sign-in link has already been used. Ask the bot for a new one.");
        screenshots("sign-in-used");
    }

    @Test
    void aLinkExpiresAfterTenMinutes() {
        String link = linkFor(HARRY, HILLCREST_STAFFROOM);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        browser.driver.get(link);
        assertThat(browser.driver.findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("That sign-in link has expired. Ask the bot for a new one.");
    }

    @Test
    void aTeacherCannotOpenAdminPagesAndStrangersAreSentToSignIn() {
        open("/config");
        assertThat(heading()).isEqualTo("Sign in");

        String session = signIn(DAN, RIVERSIDE_STAFFROOM);
        assertThat(browser.driver.findElements(By.linkText("Configuration"))).isEmpty();
        assertThat(get("/api/config", session).statusCode()).isEqualTo(403);
        open("/config");
        assertThat(heading()).isEqualTo("You don’t have access to this page");
        screenshots("error-403");
    }

    @Test
    void signingInWithoutTheFormsCsrfTokenIsRefusedAndDoesNotUseTheLink() throws Exception {
        String link = linkFor(JAVIER, SEVILLA_STAFFROOM);
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> forged = http.send(
                HttpRequest.newBuilder(URI.create(link))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);

        // The link is still good in the person's own browser, in their language.
        browser.driver.get(link);
        assertThat(heading()).isEqualTo("¿Entrar como Javier Moreno?");
        go(browser.driver.findElement(By.cssSelector("main button[type=submit]")));
        assertThat(heading()).isEqualTo("Hola, Javier Moreno");
        assertThat(find("header nav").getText()).contains("Hoy", "Borradores", "Chats de formación");
        screenshots("home-teacher-es");
    }
}
