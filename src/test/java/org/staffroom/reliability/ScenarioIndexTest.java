package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario index is complete and names only tests that exist. */
class ScenarioIndexTest {

    /** The scenario ids of src/site/markdown/reliability.md (R10 and S2 are not in it). */
    static final List<String> RELIABILITY_MD = List.of(
            "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R11", "R12", "R13", "R14", "R15", "R16", "R17",
            "R18", "R19", "R20", "S1", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "P1", "P2");

    @Test
    void everyScenarioOfReliabilityMdHasTests() {
        assertThat(Arrays.stream(Scenarios.values()).map(Enum::name))
                .containsExactlyInAnyOrderElementsOf(RELIABILITY_MD);
        assertThat(Scenarios.values()).allSatisfy(s -> assertThat(s.tests).isNotEmpty());
    }

    @Test
    void everyTestNamedExists() throws ClassNotFoundException {
        for (Scenarios s : Scenarios.values()) {
            for (String ref : s.tests) {
                Class<?> cls = Class.forName(Scenarios.className(ref));
                String method = Scenarios.methodName(ref);
                if (method == null) continue;
                assertThat(Arrays.stream(cls.getDeclaredMethods()).map(java.lang.reflect.Method::getName))
                        .as("%s names %s", s, ref)
                        .contains(method);
            }
        }
    }
}
