package org.staffroom.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;
import org.staffroom.testing.StaffroomTest;

/** What the admin deploying Staffroom relies on: health with a component per platform, a safe image. */
@StaffroomTest
class OperationsTest {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.staffroom.web.LoginLinks links;

    @Test
    void healthHasAComponentPerPlatformForAdminsAndOnlyAStatusForTheWorld() {
        String open = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .body(String.class);
        // The status, and the names of Kubernetes' probe groups: nothing about what runs inside.
        assertThat(open).isIn("{\"status\":\"UP\"}", "{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
        String admin = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/health")
                .header("Cookie", org.staffroom.testing.AdminSession.cookie(port, links))
                .retrieve()
                .body(String.class);
        assertThat(admin)
                .contains("\"status\":\"UP\"")
                .contains("\"platforms\"")
                .contains("\"slack\"")
                .contains("\"discord\"")
                .doesNotContain("sandbox");
    }

    @Test
    void theImageIsMultiStageRunsAsNonRootAndHasAHealthCheck() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile)
                .containsPattern("FROM maven:\\S+ AS build")
                .contains("FROM eclipse-temurin:25-jre")
                .contains("USER staffroom")
                .contains("HEALTHCHECK")
                .contains("/actuator/health");
    }
}
