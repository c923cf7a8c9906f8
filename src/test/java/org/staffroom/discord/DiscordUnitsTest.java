package org.staffroom.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.dv8tion.jda.api.interactions.commands.Command;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.mock.env.MockEnvironment;
import org.staffroom.config.School;

/** The adapter's small rules that need no Discord: settings, when it runs, autocomplete, the global limit, nonces. */
class DiscordUnitsTest {

    @Test
    void runsOnlyWithATokenFromThePropertyOrDiscordBotToken() {
        assertThat(enabled(new MockEnvironment())).isFalse();
        assertThat(enabled(new MockEnvironment().withProperty("staffroom.discord.bot-token", "  ")))
                .isFalse();
        assertThat(enabled(new MockEnvironment().withProperty("staffroom.discord.bot-token", "abc")))
                .isTrue();
        assertThat(enabled(new MockEnvironment().withProperty("DISCORD_BOT_TOKEN", "abc")))
                .isTrue();
        assertThat(DiscordProperties.token(new MockEnvironment().withProperty("DISCORD_BOT_TOKEN", " from-env ")))
                .isEqualTo("from-env");
    }

    private static boolean enabled(MockEnvironment env) {
        ConditionContext context = new ConditionContext() {
            @Override
            public org.springframework.beans.factory.support.BeanDefinitionRegistry getRegistry() {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.springframework.beans.factory.config.ConfigurableListableBeanFactory getBeanFactory() {
                return null;
            }

            @Override
            public org.springframework.core.env.Environment getEnvironment() {
                return env;
            }

            @Override
            public org.springframework.core.io.ResourceLoader getResourceLoader() {
                return null;
            }

            @Override
            public ClassLoader getClassLoader() {
                return null;
            }
        };
        return new OnDiscordToken().matches(context, null);
    }

    @Test
    void defaultsSuitRealDiscordAndTheTokenNeverShows() {
        DiscordProperties p = new Binder(new MapConfigurationPropertySource(Map.of(
                        "staffroom.discord.bot-token",
                        "secret-token",
                        "staffroom.discord.api-url",
                        "http://127.0.0.1:9/api/v10")))
                .bind("staffroom.discord", DiscordProperties.class)
                .get();
        assertThat(p.apiUrl()).isEqualTo("http://127.0.0.1:9/api/v10/");
        assertThat(p.compressed()).isTrue();
        assertThat(p.interactionWait()).isEqualTo(Duration.ofMillis(2200));
        assertThat(p.maxIdentifiesPerDay()).isEqualTo(900);
        assertThat(p.attachmentHosts()).containsExactly("cdn.discordapp.com", "media.discordapp.net");
        assertThat(p.toString()).doesNotContain("secret-token");
        DiscordProperties plain = new Binder(
                        new MapConfigurationPropertySource(Map.of("staffroom.discord.compression", "none")))
                .bind("staffroom.discord", DiscordProperties.class)
                .get();
        assertThat(plain.compressed()).isFalse();
        assertThat(plain.apiUrl()).isEqualTo("https://discord.com/api/v10/");
    }

    @Test
    void theApiUrlComesFromItsEnvironmentVariable() {
        var env = new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("STAFFROOM_DISCORD_API_URL", "http://discord.example.test/api/v10/"));
        DiscordProperties p = new Binder(
                        org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(env))
                .bind("staffroom.discord", DiscordProperties.class)
                .get();
        assertThat(p.apiUrl()).isEqualTo("http://discord.example.test/api/v10/");
    }

    @Test
    void schoolsAutocompleteByIdOrNameAndSkipsChosenOnes() {
        List<School> schools = List.of(
                school("oakfield", "Oakfield Primary School"),
                school("hillcrest", "Hillcrest Academy"),
                school("sevilla", "Colegio Británico de Sevilla"));

        assertThat(DiscordListener.schoolChoices("", schools))
                .extracting(Command.Choice::getAsString)
                .containsExactly("oakfield", "hillcrest", "sevilla");
        assertThat(DiscordListener.schoolChoices("brit", schools))
                .extracting(Command.Choice::getAsString)
                .containsExactly("sevilla");
        assertThat(DiscordListener.schoolChoices("oakfield, h", schools))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.getAsString()).isEqualTo("oakfield,hillcrest");
                    assertThat(c.getName()).isEqualTo("oakfield, Hillcrest Academy");
                });
        assertThat(DiscordListener.schoolChoices("oakfield,hillcrest,", schools))
                .extracting(Command.Choice::getAsString)
                .containsExactly("oakfield,hillcrest,sevilla");
    }

    private static School school(String id, String name) {
        return new School(
                id, name, name, "space", ZoneId.of("Europe/London"), Locale.UK, 10, "england", Map.of(), true, false);
    }

    @Test
    void theGlobalLimitSpreadsRequestsSoNoSecondHoldsMoreThanItsRate() throws InterruptedException {
        GlobalRateLimit limit = new GlobalRateLimit(20);
        long started = System.nanoTime();
        limit.acquire();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the first goes at once")
                .isLessThan(Duration.ofMillis(100));
        for (int i = 0; i < 20; i++) limit.acquire();
        // 21 requests never fit in one second at 20/s: a burst of 20 followed by 20 more in the next second
        // is what made Discord answer global 429s during fan-outs.
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("20 more at 20/s, evenly")
                .isGreaterThanOrEqualTo(Duration.ofMillis(995))
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void noncesAreStablePerDeliveryKeyAndFitDiscordsLimit() {
        String a = DiscordConnector.nonce("qotd:2026-11-25:hillcrest");
        assertThat(a).hasSizeLessThanOrEqualTo(25).matches("[0-9a-z]+");
        assertThat(DiscordConnector.nonce("qotd:2026-11-25:hillcrest")).isEqualTo(a);
        assertThat(DiscordConnector.nonce("qotd:2026-11-25:sevilla")).isNotEqualTo(a);
    }
}
