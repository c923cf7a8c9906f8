package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.staffroom.config.Policy;

/**
 * The privacy checks, table-driven: each text and exactly the kinds of finding it must give
 * (none where a number is not a phone, a name sits inside another word, and so on).
 */
class PrivacyChecksTest {

    static final List<String> NO_CONSENT = List.of(
            "Zoë Adebayo", "Tomás Ferreira", "Olivia Brown", "Jack O'Connor", "Mia-Rose Clarke", "José García López");

    static final Policy POLICY = new Policy(
            Map.of(
                    "facebook",
                    new Policy.NetworkLimits("facebook", "Facebook", 63206, 10, 0),
                    "instagram",
                    new Policy.NetworkLimits("instagram", "Instagram", 2200, 10, 1),
                    "x",
                    new Policy.NetworkLimits("x", "X", 280, 4, 0)),
            Map.of(),
            List.of("damn", "crap", "looked after child", "child protection"),
            List.of("free school meals", "SEN", "detention", "exclusion", "home address"));

    static Stream<Arguments> cases() {
        return Stream.of(
                // Names on the no-consent list: full name, initial, case, accents, apostrophes, hyphens.
                row("Well done Zoë Adebayo for your poem!", "NO_CONSENT_NAME"),
                row("well done zoe adebayo", "NO_CONSENT_NAME"),
                row("ZOE ADEBAYO WINS THE SPELLING BEE", "NO_CONSENT_NAME"),
                row(
                        "Zoe A. read her poem to the class",
                        "POSSIBLE_NO_CONSENT_NAME"), // an initial warns: see NoConsentNames
                row("Zoe A read her poem to the class", "POSSIBLE_NO_CONSENT_NAME"),
                row("Z. Adebayo read her poem to the class", "NO_CONSENT_NAME"),
                row("We gave Zoe a medal", "POSSIBLE_NO_CONSENT_NAME"), // a first name alone warns
                row("Zoë Adebayo’s painting is on the wall", "NO_CONSENT_NAME"),
                row("Tomas Ferreira scored twice", "NO_CONSENT_NAME"),
                row("Tomás F. scored twice", "POSSIBLE_NO_CONSENT_NAME"),
                row("Olivia Browning won the race", "POSSIBLE_NO_CONSENT_NAME"),
                row("Oliviana Brown won the race", ""),
                row("Brown, Olivia and Sam ran", "POSSIBLE_NO_CONSENT_NAME"),
                row("Browning and Sam ran", ""),
                row("Jack O'Connor played the lead", "NO_CONSENT_NAME"),
                row("Jack O’Connor played the lead", "NO_CONSENT_NAME"),
                row("jack oconnor played the lead", "NO_CONSENT_NAME"),
                row("Jackson O'Connor played the lead", ""),
                row("Jack O. played the lead", "POSSIBLE_NO_CONSENT_NAME"),
                row("Mia-Rose Clarke sang beautifully", "NO_CONSENT_NAME"),
                row("Mia Rose Clarke sang beautifully", "NO_CONSENT_NAME"),
                row("Mia-Rose C. sang beautifully", "POSSIBLE_NO_CONSENT_NAME"),
                row("Mia Clarke sang beautifully", "NO_CONSENT_NAME"), // a given name with the surname
                row("Jose Garcia Lopez ganó la carrera", "NO_CONSENT_NAME"),
                row("José G. ganó la carrera", "POSSIBLE_NO_CONSENT_NAME"),
                row("José García ganó la carrera", "NO_CONSENT_NAME"),
                // Phone numbers: UK, international, North American, Spanish.
                row("Call 07700 900123 for tickets", "PHONE"),
                row("Text 07700900123", "PHONE"),
                row("Ring +44 7700 900123", "PHONE"),
                row("Office: +44 (0)20 7946 0958", "PHONE"),
                row("Office: 020 7946 0958", "PHONE"),
                row("Office: (020) 7946 0958", "PHONE"),
                row("Call 0161 496 0000", "PHONE"),
                row("Call 0044 161 496 0000", "PHONE"),
                row("Call (202) 555-0143", "PHONE"),
                row("Call 202-555-0143", "PHONE"),
                row("Call 202.555.0143", "PHONE"),
                row("Call +1 202 555 0143", "PHONE"),
                row("Llama al +34 612 345 678", "PHONE"),
                row("Llama al 612 34 56 78", "PHONE"),
                row("Year 6 07700 900123", "PHONE"),
                // Numbers that are not phone numbers.
                row("Sports day is on 25/11/2026", ""),
                row("Sports day is on 2026-11-25", ""),
                row("The 2025-2026 season starts now", ""),
                row("Founded in 1998, rebuilt in 2024", ""),
                row("From 10:30 to 15:45 in the hall", ""),
                row("We won 3-2 and then 10-0", ""),
                row("We raised £1,250.50 and 1 250 000 pennies", ""),
                row("Reading ISBN 978-0-14-103614-4 this term", ""),
                row("Trip on 25.11.2026 at 9.30", ""),
                row("Class of 2019 2020 2021", ""),
                row("Room 101 holds 250 pupils", ""),
                // E-mail addresses.
                row("Email mum@example.com", "EMAIL"),
                row("Write to j.smith+trip@oakfield.sch.uk please", "EMAIL"),
                row("Write to ben [at] oakfield [dot] org", "EMAIL"),
                row("Follow @OakfieldPrimary on X", ""),
                // Street addresses and postcodes.
                row("She lives at 12 Acacia Avenue", "ADDRESS"),
                row("Meet at 14b High Street", "ADDRESS"),
                row("Flat 2, 33 Elm Grove", "ADDRESS"),
                row("Year 5 Summer Drive was a success", ""),
                row("Key Stage 2 Sports Day", ""),
                row("Vive en Calle Sierpes 12", "ADDRESS"),
                row("Vive en C/ Feria, 5", "ADDRESS"),
                row("Post it to SW1A 1AA", "POSTCODE"),
                row("Post it to M1 1AE", "POSTCODE"),
                row("Post it to B33 8TH", "POSTCODE"),
                row("KS2 5TH place overall", ""),
                row("Y6 2AB group photo", ""),
                // Blocked and watched words, whole words only.
                row("What a crap day", "BLOCKED_WORD"),
                row("A crappy day", ""),
                row("A looked-after child joined", "BLOCKED_WORD"),
                row("SEN support in class", "WATCH_WORD"),
                row("Letters were sent home", ""));
    }

    static Arguments row(String text, String kinds) {
        Set<Finding.Kind> expected = kinds.isEmpty()
                ? Set.of()
                : Stream.of(kinds.split(","))
                        .map(String::trim)
                        .map(Finding.Kind::valueOf)
                        .collect(Collectors.toSet());
        return Arguments.of(text, expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void findsExactlyWhatItShould(String text, Set<Finding.Kind> expected) {
        List<Finding> findings =
                PolicyChecks.check(POLICY, NO_CONSENT, new PolicyChecks.Content(text, List.of("facebook"), 0, false));
        assertThat(findings.stream().map(Finding::kind).collect(Collectors.toSet()))
                .as(text + " gave " + findings)
                .isEqualTo(expected);
    }

    @Test
    void thereAreAtLeastFortyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aWithdrawnPupilsNameInThePhotoDescriptionBlocksLikeInTheText() {
        List<Finding> f = PolicyChecks.check(
                POLICY,
                NO_CONSENT,
                new PolicyChecks.Content("Sports day was a great success!", List.of("facebook"), 1, true),
                "Zoë Adebayo crossing the finish line\nThe Year 4 relay team");
        assertThat(f).extracting(Finding::kind).containsExactly(Finding.Kind.NO_CONSENT_NAME);
        assertThat(f.get(0).match()).isEqualTo("Zoë Adebayo");
        assertThat(PolicyChecks.blocked(f)).isTrue();
        assertThat(PolicyChecks.check(
                        POLICY,
                        NO_CONSENT,
                        new PolicyChecks.Content("Sports day was a great success!", List.of("facebook"), 1, true),
                        "The Year 4 relay team crossing the finish line"))
                .isEmpty();
    }

    @Test
    void aPhotoWithoutADescriptionBlocksOnlyWhereAChosenConnectedNetworkNeedsOne() {
        var bluesky = new NetworkPhotoRules.Rules("Bluesky", java.util.Set.of("image/jpeg"), 1_000_000, true);
        var lax = new NetworkPhotoRules.Rules("Lax", java.util.Set.of("image/jpeg"), 1_000_000, false);
        List<PolicyChecks.Photo> photos = List.of(
                new PolicyChecks.Photo("image/jpeg", 10, "A vegetable garden"),
                new PolicyChecks.Photo("image/jpeg", 10, null));
        List<Finding> f = PolicyChecks.photos(photos, List.of(bluesky, lax));
        assertThat(f)
                .extracting(Finding::kind, Finding::network, Finding::actual)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Finding.Kind.PHOTO_WITHOUT_DESCRIPTION, "Bluesky", 2));
        assertThat(PolicyChecks.blocked(f)).isTrue();
        assertThat(PolicyChecks.photos(photos, List.of(lax))).isEmpty();
        assertThat(PolicyChecks.photos(photos, List.of())).isEmpty();
    }

    @Test
    void contactDetailsAndNamesBlockWatchWordsOnlyWarn() {
        List<Finding> f = PolicyChecks.check(
                POLICY,
                NO_CONSENT,
                new PolicyChecks.Content(
                        "Z. Adebayo and SEN support, call 07700 900123", List.of("facebook"), 0, false));
        assertThat(f)
                .filteredOn(Finding::blocks)
                .extracting(Finding::kind)
                .containsExactlyInAnyOrder(Finding.Kind.NO_CONSENT_NAME, Finding.Kind.PHONE);
        assertThat(f).filteredOn(x -> !x.blocks()).extracting(Finding::kind).containsExactly(Finding.Kind.WATCH_WORD);
        assertThat(f)
                .filteredOn(x -> x.kind() == Finding.Kind.PHONE)
                .extracting(Finding::match)
                .containsExactly("07700 900123");
    }

    @Test
    void photosNeedTheConsentConfirmationAndEachNetworksLimits() {
        String longText = "a".repeat(300);
        List<Finding> f = PolicyChecks.check(
                POLICY,
                NO_CONSENT,
                new PolicyChecks.Content(longText, List.of("x", "instagram", "facebook"), 5, false));
        assertThat(f)
                .extracting(Finding::kind)
                .containsExactlyInAnyOrder(
                        Finding.Kind.IMAGES_WITHOUT_CONSENT, Finding.Kind.TEXT_TOO_LONG, Finding.Kind.TOO_MANY_IMAGES);
        assertThat(f)
                .filteredOn(x -> x.kind() == Finding.Kind.TEXT_TOO_LONG)
                .singleElement()
                .satisfies(x -> assertThat(x.network()).isEqualTo("X"));
        assertThat(PolicyChecks.check(
                        POLICY, NO_CONSENT, new PolicyChecks.Content("Our trip", List.of("instagram"), 0, false)))
                .extracting(Finding::kind)
                .containsExactly(Finding.Kind.TOO_FEW_IMAGES);
        assertThat(PolicyChecks.check(
                        POLICY, NO_CONSENT, new PolicyChecks.Content("Our trip", List.of("instagram"), 2, true)))
                .isEmpty();
    }

    @Test
    void aCheckSetToOffIsSkippedAndWarnDoesNotBlock() {
        Policy relaxed = new Policy(
                POLICY.networks(),
                Map.of(
                        Policy.Check.PHONE_NUMBERS,
                        Policy.Severity.OFF,
                        Policy.Check.NO_CONSENT_NAMES,
                        Policy.Severity.WARN),
                List.of(),
                List.of());
        List<Finding> f = PolicyChecks.check(
                relaxed, NO_CONSENT, new PolicyChecks.Content("Zoe Adebayo 07700 900123", List.of(), 0, false));
        assertThat(f).extracting(Finding::kind).containsExactly(Finding.Kind.NO_CONSENT_NAME);
        assertThat(PolicyChecks.blocked(f)).isFalse();
        assertThat(EnumSet.allOf(Finding.Kind.class)).hasSize(15);
    }
}
