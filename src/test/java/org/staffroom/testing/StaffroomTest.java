package org.staffroom.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A whole Staffroom on a random port with the sample trust from bot-config, a fresh in-memory
 * database per test class, a {@link MutableClock}, no config watching and no automatic ticks
 * (call {@code Ticker.tickNow()} after moving the clock). With no tokens set, both platforms run
 * in the sandbox; drive it with {@link SandboxClient}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1",
            "staffroom.config-check-interval=0s",
            "staffroom.ticker.enabled=false"
        })
@Import(TestClockConfiguration.class)
public @interface StaffroomTest {}
