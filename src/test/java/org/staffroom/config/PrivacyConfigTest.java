package org.staffroom.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * consent.yml entries are normalised ("Surname, First", also: aliases and nicknames) or refused with
 * file:line:col; policy.yml's per-school allow-list is checked the same way; the phone regions come
 * from the schools' locales and time zones.
 */
class PrivacyConfigTest {

    @TempDir
    Path dir;

    private StaffroomConfig load(Map<String, String> files) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("trust.yml", ConfigValidationTest.TRUST);
        all.put("schools.yml", ConfigValidationTest.SCHOOLS);
        all.put("people.yml", ConfigValidationTest.PEOPLE);
        all.putAll(files);
        for (var e : all.entrySet()) Files.writeString(dir.resolve(e.getKey()), e.getValue());
        return ConfigLoader.load(dir, "bot-config");
    }

    private List<String> problems(Map<String, String> files) throws IOException {
        try {
            load(files);
            return List.of();
        } catch (InvalidConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void surnameFirstEntriesAndAliasesAreNormalised() throws IOException {
        StaffroomConfig c = load(Map.of("consent.yml", """
                schools:
                  oakfield:
                    - Zoë Adebayo
                    - Pérez Gómez, Alejandro
                    - name: O'Brien, Siobhán
                      also: [Shiv, "Shivvy O'Brien"]
                """));
        assertThat(c.noConsentNames("oakfield"))
                .containsExactly(
                        "Zoë Adebayo", "Alejandro Pérez Gómez", "Siobhán O'Brien", "Shiv O'Brien", "Shivvy O'Brien");
    }

    @Test
    void badEntriesAreRefusedWithWhereTheyAre() throws IOException {
        assertThat(problems(Map.of("consent.yml", """
                schools:
                  oakfield:
                    - Maisie
                    - Adebayo, Zoë, Jr
                    - ", Zoe"
                    - Zoe 4debayo
                    - name: Lily Smith
                      also: [L1ly]
                    - also: [Noah]
                    - [Noah, Ali]
                """)))
                .containsExactly(
                        "bot-config/consent.yml:3:7: 'Maisie': give the pupil's first name and surname",
                        "bot-config/consent.yml:4:7: 'Adebayo, Zoë, Jr': write the name as \"First Surname\", or \"Surname, First\" as the "
                                + "school's system exports it (one comma)",
                        "bot-config/consent.yml:5:7: ', Zoe': write the name as \"First Surname\", or \"Surname, First\" as the "
                                + "school's system exports it (one comma)",
                        "bot-config/consent.yml:6:7: 'Zoe 4debayo' does not look like a pupil's name: write \"First Surname\"",
                        "bot-config/consent.yml:8:14: 'L1ly' does not look like a name or nickname",
                        "bot-config/consent.yml:9:7: a pupil is missing 'name'",
                        "bot-config/consent.yml:10:7: each entry should be a pupil's name, found a list");
    }

    @Test
    void theAllowListIsPerSchoolAndChecked() throws IOException {
        String policy = """
                networks:
                  facebook: { label: Facebook, max-text: 63206, max-images: 10 }
                allow:
                  oakfield:
                    phone: ["0161 496 0000"]
                    email: [office@oakfield.sch.uk]
                    address: ["1 Orchard Lane, Northwold, NW1 4XY"]
                """;
        Policy p = load(Map.of("policy.yml", policy)).policy();
        assertThat(p.allowed().get("oakfield").phones()).containsExactly("0161 496 0000");
        assertThat(p.allowed().get("oakfield").emails()).containsExactly("office@oakfield.sch.uk");
        assertThat(p.phoneRegions()).containsExactly("GB");

        assertThat(problems(Map.of(
                        "policy.yml",
                        policy.replace("oakfield:", "oakfeild:")
                                .replace("0161 496 0000", "12")
                                .replace("office@oakfield.sch.uk", "office at oakfield")
                                .replace("    address: [\"1 Orchard Lane, Northwold, NW1 4XY\"]", "    adress: [x]"))))
                .containsExactly("bot-config/policy.yml:4:3: unknown school 'oakfeild' (did you mean 'oakfield'?)");
        assertThat(problems(Map.of(
                        "policy.yml",
                        policy.replace("0161 496 0000", "12")
                                .replace("office@oakfield.sch.uk", "office at oakfield")
                                .replace("address: [", "adress: ["))))
                .containsExactly(
                        "bot-config/policy.yml:5:13: '12' is not a phone number in GB: write the school's number as it is dialled, "
                                + "e.g. 0161 496 0000 or +34 954 123 456",
                        "bot-config/policy.yml:6:13: 'office at oakfield' is not an e-mail address, e.g. office@oakfield.sch.uk",
                        "bot-config/policy.yml:7:5: unknown key 'adress' in allow: oakfield (did you mean 'address'?)");
    }

    @Test
    void phoneRegionsComeFromEachSchoolsLocaleOrTimeZone() throws IOException {
        String schools = ConfigValidationTest.SCHOOLS.replace(
                "    name: Hillcrest Academy\n    space: hill-discord\n    timezone: Europe/London",
                "    name: Colegio de Sevilla\n    space: hill-discord\n    timezone: Europe/Madrid\n    locale: es");
        assertThat(schools).contains("Europe/Madrid");
        assertThat(load(Map.of("schools.yml", schools)).policy().phoneRegions()).isEqualTo(Set.of("GB", "ES"));
        assertThat(PrivacyEntries.region(
                        java.util.Locale.forLanguageTag("es-MX"), java.time.ZoneId.of("Europe/Madrid")))
                .isEqualTo("MX");
    }

    @Test
    void theSampleTrustsListHasItsAliasesAndRegions() {
        StaffroomConfig sample = ConfigLoader.load(Path.of("bot-config"), "bot-config");
        assertThat(sample.noConsentNames("oakfield")).contains("Aarav Patel", "Shiv O'Brien");
        assertThat(sample.noConsentNames("sevilla")).contains("Alejandro Pérez Gómez", "Menchu Sánchez Vidal");
        assertThat(sample.policy().phoneRegions()).isEqualTo(Set.of("GB", "ES"));
        assertThat(sample.policy().allowed()).containsKeys("oakfield", "sevilla");
    }
}
