package org.staffroom;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Staffroom: one service that runs a trust's staff chat bot on Slack, Discord and a local sandbox. */
@SpringBootApplication
@EnableScheduling
public class StaffroomApplication {

    public static void main(String[] args) {
        SpringApplication.run(StaffroomApplication.class, args);
    }
}
