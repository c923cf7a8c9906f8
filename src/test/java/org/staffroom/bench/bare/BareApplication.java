package org.staffroom.bench.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The bare Spring Boot web application the start-up and memory figures are compared with: nothing but
 * what spring-boot-starter-webmvc and spring-boot-starter-actuator bring (the benchmark starts it with
 * only their jars on the class path). Deliberately not a {@code @Configuration}, so no component scan
 * of Staffroom or of the tests ever picks it up.
 */
@EnableAutoConfiguration
public class BareApplication {

    public static void main(String[] args) {
        SpringApplication.run(BareApplication.class, args);
    }
}
