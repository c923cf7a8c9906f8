package org.staffroom.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.staffroom.StaffroomApplication;
import org.staffroom.config.Platform;

/**
 * Workflows never reach into adapters and adapters never reach into workflows: each module may
 * use only what its package-info allows (src/site/markdown/architecture.md). A violation fails with Modulith's
 * message, e.g. "Module 'qotd' depends on non-exposed type … within module 'slack'".
 */
class ModuleBoundariesTest {

    static final ApplicationModules MODULES = ApplicationModules.of(StaffroomApplication.class);

    static final Set<String> ADAPTERS = Set.of("slack", "discord", "sandbox");
    static final Set<String> WORKFLOWS =
            Set.of("qotd", "drafts", "approvals", "pdchat", "tags", "help", "web", "publishing");

    @Test
    void modulesRespectTheirAllowedDependencies() {
        MODULES.verify();
    }

    @Test
    void noWorkflowDependsOnAnAdapterAndNoAdapterOnAWorkflow() {
        for (ApplicationModule module : MODULES) {
            Set<String> uses = module.getDirectDependencies(MODULES)
                    .uniqueModules()
                    .map(m -> m.getIdentifier().toString())
                    .collect(Collectors.toSet());
            String name = module.getIdentifier().toString();
            if (WORKFLOWS.contains(name)) {
                assertThat(uses).as("module %s uses", name).doesNotContainAnyElementsOf(ADAPTERS);
            }
            if (ADAPTERS.contains(name)) {
                assertThat(uses).as("module %s uses", name).doesNotContainAnyElementsOf(WORKFLOWS);
            }
        }
    }

    /**
     * The social network adapters implement publishing's SPI; publishing never reaches into them. Their
     * only other dependency is config's SPI, through which they register each network's published
     * limits, so policy.yml is checked against them at load.
     */
    @Test
    void publishingNeverUsesTheNetworkAdapters() {
        ApplicationModule publishing = MODULES.getModuleByName("publishing").orElseThrow();
        assertThat(publishing
                        .getDirectDependencies(MODULES)
                        .uniqueModules()
                        .map(m -> m.getIdentifier().toString()))
                .doesNotContain("networks", "slack", "discord", "sandbox");
        ApplicationModule networks = MODULES.getModuleByName("networks").orElseThrow();
        assertThat(networks.getDirectDependencies(MODULES)
                        .uniqueModules()
                        .map(m -> m.getIdentifier().toString()))
                .containsOnly("publishing", "config");
    }

    @Test
    void theCoreModulesExist() {
        assertThat(MODULES.stream().map(m -> m.getIdentifier().toString()))
                .contains("config", "chat", "directory", "sandbox", "help");
    }

    @Test
    void theCheckCatchesAWorkflowImportingAnAdapter() {
        // A module set built from a fixture package where a workflow uses an adapter must fail.
        ImportOption includeTestClasses = location -> true;
        ApplicationModules broken = ApplicationModules.of("org.staffroom.architecture.fixture", includeTestClasses);
        assertThatThrownBy(broken::verify).hasMessageContaining("workflow").hasMessageContaining("adapter");
    }

    /**
     * The proof that the platform seam is open: the console platform in the test sources
     * (testing/console) is a whole adapter that uses only the chat port and its SPI, the
     * configuration's SPI and the platform's name, plus the test harness. No workflow, no other
     * adapter, no config class but {@link Platform}: nothing else had to change to add it.
     */
    @Test
    void theConsolePlatformUsesOnlyThePorts() {
        JavaClasses console = new ClassFileImporter().importPackages("org.staffroom.testing.console");
        assertThat(console.size()).as("console classes found").isGreaterThan(5);
        onlyThePorts("org.staffroom.testing.console").check(console);
    }

    @Test
    void thePortCheckCatchesAnAdapterReachingIntoAWorkflow() {
        JavaClasses leaky = new ClassFileImporter().importPackages("org.staffroom.architecture.leakyadapter");
        assertThatThrownBy(() ->
                        onlyThePorts("org.staffroom.architecture.leakyadapter").check(leaky))
                .hasMessageContaining("org.staffroom.drafts.DraftState");
    }

    /** What an adapter package may depend on: libraries, the chat port and SPI, config's SPI and Platform, the test harness. */
    static ArchRule onlyThePorts(String adapterPackage) {
        return classes()
                .that()
                .resideInAPackage(adapterPackage + "..")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage(
                                "java..",
                                "javax..",
                                "jakarta..",
                                "org.springframework..",
                                "org.slf4j..",
                                "tools.jackson..",
                                "com.fasterxml.jackson..",
                                "org.junit..",
                                "org.assertj..",
                                "org.awaitility..",
                                "org.staffroom.chat",
                                "org.staffroom.chat.spi",
                                "org.staffroom.config.spi",
                                "org.staffroom.testing",
                                adapterPackage + "..")
                        .or(equivalentTo(Platform.class))
                        .or(describe("primitive or array", c -> c.isPrimitive() || c.isArray())))
                .because("a platform adapter talks to the core through the chat port and the configuration's SPI only");
    }
}
