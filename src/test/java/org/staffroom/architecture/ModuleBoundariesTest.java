package org.staffroom.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import org.staffroom.StaffroomApplication;

/**
 * Workflows never reach into adapters and adapters never reach into workflows: each module may
 * use only what its package-info allows (ARCHITECTURE.md). A violation fails with Modulith's
 * message, e.g. "Module 'qotd' depends on non-exposed type … within module 'slack'".
 */
class ModuleBoundariesTest {

    static final ApplicationModules MODULES = ApplicationModules.of(StaffroomApplication.class);

    static final Set<String> ADAPTERS = Set.of("slack", "discord", "sandbox");
    static final Set<String> WORKFLOWS = Set.of("qotd", "drafts", "approvals", "pdchat", "tags", "help", "web", "publishing");

    @Test
    void modulesRespectTheirAllowedDependencies() {
        MODULES.verify();
    }

    @Test
    void noWorkflowDependsOnAnAdapterAndNoAdapterOnAWorkflow() {
        for (ApplicationModule module : MODULES) {
            Set<String> uses = module.getDirectDependencies(MODULES).uniqueModules()
                    .map(m -> m.getIdentifier().toString()).collect(Collectors.toSet());
            String name = module.getIdentifier().toString();
            if (WORKFLOWS.contains(name)) {
                assertThat(uses).as("module %s uses", name).doesNotContainAnyElementsOf(ADAPTERS);
            }
            if (ADAPTERS.contains(name)) {
                assertThat(uses).as("module %s uses", name).doesNotContainAnyElementsOf(WORKFLOWS);
            }
        }
    }

    /** The social network adapters implement publishing's SPI; publishing never reaches into them. */
    @Test
    void publishingNeverUsesTheNetworkAdapters() {
        ApplicationModule publishing = MODULES.getModuleByName("publishing").orElseThrow();
        assertThat(publishing.getDirectDependencies(MODULES).uniqueModules().map(m -> m.getIdentifier().toString()))
                .doesNotContain("networks", "slack", "discord", "sandbox");
        ApplicationModule networks = MODULES.getModuleByName("networks").orElseThrow();
        assertThat(networks.getDirectDependencies(MODULES).uniqueModules().map(m -> m.getIdentifier().toString()))
                .containsOnly("publishing");
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
}
