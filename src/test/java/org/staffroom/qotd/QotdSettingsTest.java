package org.staffroom.qotd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code staffroom.qotd.catch-up-until} binds as a time of day, with 17:00 when unset. */
class QotdSettingsTest {

    @Configuration
    @EnableConfigurationProperties(QotdSettings.class)
    static class Bound {}

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void theCatchUpTimeDefaultsToFiveAndCanBeSet() {
        context.run(
                c -> assertThat(c.getBean(QotdSettings.class).catchUpUntil()).isEqualTo(LocalTime.of(17, 0)));
        context.withPropertyValues("staffroom.qotd.catch-up-until=16:30")
                .run(c ->
                        assertThat(c.getBean(QotdSettings.class).catchUpUntil()).isEqualTo(LocalTime.of(16, 30)));
    }
}
