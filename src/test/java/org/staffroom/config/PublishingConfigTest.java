package org.staffroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code publishing:} sections: the trust's default time and accounts, a school's own time and
 * accounts, and every mistake reported with file:line:col without repeating a pasted token.
 */
class PublishingConfigTest {

    @TempDir
    Path dir;

    static final String TRUST = """
            id: nwt
            name: Northwold Learning Trust
            timezone: Europe/London
            publishing:
              time: "09:30"
              accounts:
                - network: bluesky
                  account: nwt.bsky.social
                  token-env: NWT_BLUESKY_APP_PASSWORD
            """;

    static String schools(String publishing) {
        return """
                spaces:
                  - id: nwt-slack
                    platform: slack
                    team: T0NWTRUST1
                schools:
                  - id: oakfield
                    name: Oakfield Primary
                    space: nwt-slack
                    timezone: Europe/London
                    channels:
                      qotd: C0OAKQOTD01
                """ + publishing.indent(4) + """
                  - id: riverside
                    name: Riverside Primary
                    space: nwt-slack
                    timezone: Europe/London
                    channels:
                      qotd: C0RIVQOTD01
                """;
    }

    private StaffroomConfig load(String schoolsYml) throws IOException {
        Files.writeString(dir.resolve("trust.yml"), TRUST);
        Files.writeString(dir.resolve("schools.yml"), schoolsYml);
        return ConfigLoader.load(dir, "bot-config");
    }

    @Test
    void accountsAndTimesAreReadForTheTrustAndEachSchool() throws IOException {
        StaffroomConfig c = load(schools("""
                publishing:
                  time: "16:00"
                  accounts:
                    - network: facebook
                      account: "1111"
                      token-env: OAK_FB_TOKEN
                    - network: mastodon
                      account: oakfield
                      base-url: https://mastodon.example/
                      token-env: OAK_MASTODON_TOKEN
                """));
        Publishing p = c.publishing();
        assertThat(p.timeFor("oakfield")).isEqualTo(LocalTime.of(16, 0));
        assertThat(p.timeFor("riverside")).isEqualTo(LocalTime.of(9, 30));
        assertThat(p.accountsOf(null)).singleElement().satisfies(a -> {
            assertThat(a.network()).isEqualTo("bluesky");
            assertThat(a.baseUrl()).isEqualTo("https://bsky.social");
            assertThat(a.owner()).isEqualTo("trust");
        });
        assertThat(p.account("oakfield", "facebook").orElseThrow().baseUrl()).isEqualTo("https://graph.facebook.com");
        assertThat(p.account("oakfield", "mastodon").orElseThrow().baseUrl()).isEqualTo("https://mastodon.example");
        assertThat(p.accountsOf("riverside")).isEmpty();
    }

    @Test
    void mistakesAreReportedWithFileLineAndColumn() {
        List<String> problems = problemsWith(schools("""
                publishing:
                  time: "4pm"
                  accounts:
                    - network: myspace
                      account: x
                      token-env: X
                    - network: mastodon
                      account: oakfield
                      token-env: OAK_MASTODON_TOKEN
                    - network: facebook
                      account: "1111"
                      token-env: EAAGm0PX4ZCpsBAKZB1234
                    - network: bluesky
                      account: oakfield.bsky.social
                      token-env: OAK_BSKY
                    - network: bluesky
                      account: other.bsky.social
                      token-env: OAK_BSKY_2
                """));
        assertThat(problems)
                .anySatisfy(p ->
                        assertThat(p).startsWith("bot-config/schools.yml:13:").contains("'4pm' is not a time of day"));
        assertThat(problems)
                .anySatisfy(p ->
                        assertThat(p).startsWith("bot-config/schools.yml:15:").contains("'myspace' is not a network"));
        assertThat(problems)
                .anySatisfy(p ->
                        assertThat(p).startsWith("bot-config/schools.yml:18:").contains("missing 'base-url'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("bot-config/schools.yml:23:")
                        .contains("token-env names an environment variable")
                        .doesNotContain("EAAGm0PX4ZCpsBAKZB1234"));
        assertThat(problems)
                .anySatisfy(p ->
                        assertThat(p).startsWith("bot-config/schools.yml:27:").contains("a second bluesky account"));
    }

    private List<String> problemsWith(String schoolsYml) {
        try {
            load(schoolsYml);
            return List.of();
        } catch (InvalidConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anUnknownKeyInAnAccountIsRefused() {
        assertThatThrownBy(() -> load(schools("""
                publishing:
                  accounts:
                    - network: facebook
                      account: "1111"
                      token: EAAG123
                      token-env: OAK_FB
                """)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown key 'token'");
    }
}
