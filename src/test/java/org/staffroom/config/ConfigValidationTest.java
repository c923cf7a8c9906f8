package org.staffroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad config is refused with the exact file, line, column and a message saying what to fix. */
class ConfigValidationTest {

    @TempDir
    Path dir;

    static final String TRUST = """
            id: nwt
            name: Northwold Learning Trust
            timezone: Europe/London
            qotd:
              time: "08:15"
            """;

    static final String SCHOOLS = """
            spaces:
              - id: nwt-slack
                platform: slack
                team: T0NWTRUST1
              - id: hill-discord
                platform: discord
                guild: "1180000000000000001"
            schools:
              - id: oakfield
                name: Oakfield Primary
                space: nwt-slack
                timezone: Europe/London
                channels:
                  qotd: C0OAKQOTD01
              - id: hillcrest
                name: Hillcrest Academy
                space: hill-discord
                timezone: Europe/London
                channels:
                  qotd: "1180000000000000102"
            """;

    static final String PEOPLE = """
            people:
              - id: amara
                name: Amara Okafor
                school: oakfield
                accounts:
                  - { space: nwt-slack, user: U0AMARA001 }
                roles: [approver@oakfield]
            """;

    private List<String> problemsWith(Map<String, String> files) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("trust.yml", TRUST);
        all.put("schools.yml", SCHOOLS);
        all.put("people.yml", PEOPLE);
        all.putAll(files);
        for (var e : all.entrySet()) {
            if (e.getValue() != null) Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        try {
            ConfigLoader.load(dir, "bot-config");
            return List.of();
        } catch (InvalidConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void minimalConfigIsValid() throws IOException {
        assertThat(problemsWith(Map.of())).isEmpty();
    }

    /** One wrong value in one file, and the one problem it is reported as: file, line, column and what to fix. */
    static Stream<Arguments> oneMistake() {
        return Stream.of(
                Arguments.of(
                        "an unknown school in a role, with a suggestion",
                        "people.yml",
                        PEOPLE,
                        "approver@oakfield",
                        "approver@oakfeild",
                        "bot-config/people.yml:7:13: unknown school 'oakfeild' (did you mean 'oakfield'?)"),
                Arguments.of(
                        "a role on a school that does not exist",
                        "people.yml",
                        PEOPLE,
                        "approver@oakfield",
                        "coordinator@atlantis",
                        "bot-config/people.yml:7:13: unknown school 'atlantis' (known: oakfield, hillcrest)"),
                Arguments.of(
                        "an unknown role",
                        "people.yml",
                        PEOPLE,
                        "approver@oakfield",
                        "headteacher",
                        "bot-config/people.yml:7:13: 'headteacher' is not a role: use teacher, coordinator, approver or admin"),
                Arguments.of(
                        "a bad time of day",
                        "trust.yml",
                        TRUST,
                        "\"08:15\"",
                        "8.15am",
                        "bot-config/trust.yml:5:9: '8.15am' is not a time of day: use HH:MM, e.g. \"08:15\""),
                Arguments.of(
                        "a missing required field",
                        "schools.yml",
                        SCHOOLS,
                        "    name: Oakfield Primary\n",
                        "",
                        "bot-config/schools.yml:9:5: a school is missing 'name'"),
                Arguments.of(
                        "an unknown key, with a suggestion",
                        "schools.yml",
                        SCHOOLS,
                        "    name: Oakfield Primary\n",
                        "    name: Oakfield Primary\n    staf-count: 40\n",
                        "bot-config/schools.yml:11:5: unknown key 'staf-count' in a school (did you mean 'staff-count'?)"),
                Arguments.of(
                        "an unknown space on a school",
                        "schools.yml",
                        SCHOOLS,
                        "space: nwt-slack",
                        "space: nwt-slak",
                        "bot-config/schools.yml:11:12: unknown space 'nwt-slak' (did you mean 'nwt-slack'?)"),
                Arguments.of(
                        "a Discord id that is not digits",
                        "schools.yml",
                        SCHOOLS,
                        "\"1180000000000000102\"",
                        "hillcrest-qotd",
                        "bot-config/schools.yml:20:13: 'hillcrest-qotd' is not a Discord channel id (digits only, in quotes)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void oneMistake(String what, String file, String valid, String from, String to, String problem) throws IOException {
        assertThat(valid).contains(from);
        assertThat(problemsWith(Map.of(file, valid.replace(from, to)))).containsExactly(problem);
    }

    @Test
    void duplicateSchoolId() throws IOException {
        assertThat(problemsWith(Map.of(
                        "schools.yml",
                        SCHOOLS.replace("id: hillcrest", "id: oakfield")
                                .replace("qotd: \"1180000000000000102\"", "qotd: \"1180000000000000103\""))))
                .containsExactly(
                        "bot-config/schools.yml:15:9: duplicate school id 'oakfield' (first defined at line 9)");
    }

    @Test
    void badTimeZone() throws IOException {
        assertThat(problemsWith(Map.of("schools.yml", SCHOOLS.replaceFirst("Europe/London", "Europe/Lndon"))))
                .containsExactly(
                        "bot-config/schools.yml:12:15: 'Europe/Lndon' is not a time zone: use a name like Europe/London");
    }

    @Test
    void badCron() throws IOException {
        assertThat(problemsWith(Map.of("trust.yml", TRUST + "  cron: \"0 15 8 * * MON-FRY\"\n")))
                .singleElement()
                .asString()
                .startsWith("bot-config/trust.yml:6:9: '0 15 8 * * MON-FRY' is not a valid cron expression");
    }

    @Test
    void unknownPlatform() throws IOException {
        // The platforms are the adapters' on the class path: here also the test sources' console (testing/console).
        assertThat(problemsWith(Map.of("schools.yml", SCHOOLS.replace("platform: slack", "platform: teams"))))
                .contains(
                        "bot-config/schools.yml:3:15: 'teams' is not a valid platform (expected one of: console, discord, slack)");
    }

    @Test
    void unknownPersonAndSchoolInAnApprovalRoute() throws IOException {
        String approvals = """
                routes:
                  - id: school-page
                    target: school
                    schools: [oakfield, rivrside]
                    stages:
                      - id: head
                        approvers: [amara, maya]
                """;
        assertThat(problemsWith(Map.of("approvals.yml", approvals)))
                .containsExactly(
                        "bot-config/approvals.yml:4:25: unknown school 'rivrside' (known: oakfield, hillcrest)",
                        "bot-config/approvals.yml:7:28: unknown person 'maya' (known: amara)");
    }

    @Test
    void everyProblemIsListedNotJustTheFirst() throws IOException {
        List<String> problems = problemsWith(Map.of(
                "trust.yml", TRUST.replace("\"08:15\"", "\"25:00\""),
                "schools.yml",
                        SCHOOLS.replace("Europe/London", "Mars/Olympus")
                                .replace("platform: discord", "platform: teams"),
                "people.yml", PEOPLE.replace("approver@oakfield", "approver@nowhere")));
        // Sorted by file and line; the space with a bad platform is not reported again where it is used.
        assertThat(problems)
                .containsExactly(
                        "bot-config/people.yml:7:13: unknown school 'nowhere' (known: oakfield, hillcrest)",
                        "bot-config/schools.yml:6:15: 'teams' is not a valid platform (expected one of: console, discord, slack)",
                        "bot-config/schools.yml:12:15: 'Mars/Olympus' is not a time zone: use a name like Europe/London",
                        "bot-config/schools.yml:18:15: 'Mars/Olympus' is not a time zone: use a name like Europe/London",
                        "bot-config/trust.yml:5:9: '25:00' is not a time of day: use HH:MM, e.g. \"08:15\"");
    }

    @Test
    void aYamlSyntaxErrorSaysWhatToFixAndBringsNoKnockOnErrors() throws IOException {
        String people = Files.readString(Path.of("bot-config/people.yml"))
                .replace("- { space: nwt-slack, user: U0AMARA001 }", "- { space: nwt-slack, user: U0AMARA001");
        assertThat(problemsWith(Map.of("people.yml", people)))
                .singleElement()
                .asString()
                .startsWith("bot-config/people.yml:")
                .contains("not valid YAML: a { … } here is not closed properly");
    }

    @Test
    void yamlSyntaxError() throws IOException {
        assertThat(problemsWith(Map.of("trust.yml", "id: nwt\nname: [unclosed\n")))
                .singleElement()
                .asString()
                .startsWith("bot-config/trust.yml:")
                .contains("not valid YAML");
    }

    @Test
    void missingRequiredFileAndUnknownFile() throws IOException {
        Files.writeString(dir.resolve("questons.yml"), "questions: []\n");
        Files.writeString(dir.resolve("schools.yml"), SCHOOLS);
        Files.writeString(dir.resolve("people.yml"), PEOPLE);
        assertThatThrownBy(() -> ConfigLoader.load(dir, "bot-config"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e -> assertThat(e.problems())
                                .map(ConfigProblem::toString)
                                .containsExactly(
                                        "bot-config/questons.yml:1:1: unknown file (did you mean questions.yml?)",
                                        "bot-config/trust.yml:1:1: this file is required but missing"));
    }

    @Test
    void duplicateYamlKey() throws IOException {
        assertThat(problemsWith(Map.of("trust.yml", TRUST + "name: Again\n")))
                .containsExactly("bot-config/trust.yml:6:1: key 'name' appears twice");
    }

    @Test
    void questionsDuplicateIdsAndTwoPinsOnOneDay() throws IOException {
        String questions = """
                questions:
                  - { id: q1, text: "One?", date: 2026-12-18 }
                  - { id: q1, text: "Two?" }
                  - { id: q3, text: "Three?", date: 2026-12-18 }
                  - { id: q4, text: "Four?", date: 2026-13-01 }
                """;
        assertThat(problemsWith(Map.of("questions.yml", questions)))
                .containsExactly(
                        "bot-config/questions.yml:3:11: duplicate question id 'q1' (first defined at line 2)",
                        "bot-config/questions.yml:4:37: another question is already pinned to 2026-12-18 at line 2",
                        "bot-config/questions.yml:5:36: '2026-13-01' is not a date: use YYYY-MM-DD");
    }
}
