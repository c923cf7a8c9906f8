package org.staffroom.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaConstructorReference;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Staffroom's own threads come from {@code config.Pools} (issue 19): named, bounded and closed by their
 * owner. Any other {@code Executors.*}, pool constructor or {@code new Thread} fails here unless it is
 * listed below with its reason.
 */
class OwnPoolsTest {

    /** Classes that may still make threads themselves, and why. */
    static final Map<String, String> ALLOWED = Map.of(
            "org.staffroom.config.Pools",
            "the factory itself",
            "org.staffroom.chat.Scheduling",
            "Spring's two schedulers (2 + 1 named threads, @Scheduled tasks only), closed by the context",
            "org.staffroom.chat.DeliverySender",
            "its one delivery-loop thread, named, stopped and joined by stop(); its senders come from Pools",
            "org.staffroom.discord.GatewayLookup",
            "JDA's session controller extension: JDA's own QueueWorker thread (SessionControllerAdapter-Worker),"
                    + " which ends when its connect queue is empty");

    @Test
    void ownThreadsComeFromPools() {
        ownThreadsFromPools().check(SqlOnlyInStoresTest.MAIN);
    }

    /** Each exception still makes threads itself, so the list cannot outlive its reasons. */
    @Test
    void everyExceptionIsStillNeeded() {
        for (String name : ALLOWED.keySet()) {
            assertThat(SqlOnlyInStoresTest.MAIN.stream()
                            .filter(c -> c.getName().equals(name) || c.getName().startsWith(name + "$"))
                            .flatMap(c -> c.getAccessesFromSelf().stream())
                            .anyMatch(OwnPoolsTest::makesThreads))
                    .as("%s still makes threads (%s)", name, ALLOWED.get(name))
                    .isTrue();
        }
    }

    static ArchRule ownThreadsFromPools() {
        return noClasses()
                .that(describe("are not listed exceptions", c -> !allowed(c)))
                .should()
                .accessTargetWhere(describe(
                        "it is Executors.*, a thread pool's constructor or new Thread", OwnPoolsTest::makesThreads))
                .because("pools come from config.Pools, named, bounded and closed (issue 19)");
    }

    static boolean allowed(JavaClass c) {
        String name = c.getName();
        String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
        return ALLOWED.containsKey(name) || ALLOWED.containsKey(topLevel);
    }

    static boolean makesThreads(JavaAccess<?> access) {
        JavaClass owner = access.getTargetOwner();
        if (owner.isEquivalentTo(Executors.class)) return true;
        boolean constructs = access instanceof JavaConstructorCall || access instanceof JavaConstructorReference;
        return constructs
                && List.of(
                                Thread.class,
                                ThreadPoolExecutor.class,
                                ForkJoinPool.class,
                                ThreadPoolTaskExecutor.class,
                                ThreadPoolTaskScheduler.class,
                                SimpleAsyncTaskExecutor.class)
                        .stream()
                        .anyMatch(owner::isAssignableTo);
    }
}
