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

    @Test
    void healthHasAComponentPerPlatform() {
        String health = RestClient.create("http://localhost:" + port).get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"status\":\"UP\"").contains("\"platforms\"").contains("\"slack\"").contains("\"discord\"")
                .contains("\"sandbox\":true");
    }

    @Test
    void theImageIsMultiStageRunsAsNonRootAndHasAHealthCheck() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).containsPattern("FROM maven:\\S+ AS build").contains("FROM eclipse-temurin:17-jre")
                .contains("USER staffroom").contains("HEALTHCHECK").contains("/actuator/health");
    }
}
