package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Form;

/**
 * The rules behind photo descriptions and per-network photo limits: a form gives descriptions by
 * photo number, and a photo it did not ask about keeps its own; policy.yml's limits and a connected
 * network's combine to the stricter of the two; a form's extras (the description fields) are
 * optional, so a platform without room can leave them out.
 */
class PhotoDescriptionsTest {

    private static ChatEvent.FormSubmitted submitted(Map<String, List<String>> values) {
        return new ChatEvent.FormSubmitted("f", Instant.EPOCH, null, null, null, DraftForms.EDIT, "1:1", values);
    }

    @Test
    void descriptionsAreReadPerPhotoAndOnlyWhereTheFormAsked() throws Exception {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("text", List.of("Sports day"));
        v.put("alt.2", List.of("  The relay team\u0007 at the finish  "));
        v.put("alt.3", List.of(""));
        PhotoDescriptions d = DraftForms.alts(submitted(v));
        assertThat(d.given()).containsOnlyKeys(2, 3);
        // Photo 1 was not asked about (a Discord modal without room, or an edit of a described photo): it keeps its
        // own.
        List<String> before = Arrays.asList("Children planting seedlings", null, "A cake");
        assertThat(d.applyTo(before))
                .containsExactly("Children planting seedlings", "The relay team at the finish", null);
        assertThat(d.forNew(3)).containsExactly(null, "The relay team at the finish", null);
        assertThat(PhotoDescriptions.NONE.applyTo(before)).isEqualTo(before);
        assertThat(PhotoDescriptions.joined(before)).isEqualTo("Children planting seedlings\nA cake");
    }

    @Test
    void aDescriptionTooLongIsRefusedNamingThePhoto() {
        Map<String, List<String>> v = Map.of("alt.4", List.of("x".repeat(PhotoDescriptions.MAX_LENGTH + 1)));
        assertThatThrownBy(() -> DraftForms.alts(submitted(v))).isInstanceOfSatisfying(DraftForms.Problem.class, p -> {
            assertThat(p.key).isEqualTo("drafts.error.alt-too-long");
            assertThat(p.args).containsExactly(4, PhotoDescriptions.MAX_LENGTH, PhotoDescriptions.MAX_LENGTH + 1);
        });
    }

    @Test
    void policyAndNetworkRulesCombineToTheStricter() {
        var policy = new NetworkPhotoRules.Rules("Mastodon", Set.of("image/jpeg"), 2_500_000, false);
        var network = new NetworkPhotoRules.Rules(
                "Mastodon", Set.of("image/jpeg", "image/png", "image/webp"), 16L * 1024 * 1024, true);
        var both = policy.and(network);
        assertThat(both.formats()).containsExactly("image/jpeg");
        assertThat(both.maxBytes()).isEqualTo(2_500_000);
        assertThat(both.altRequired()).isTrue();
        // A policy without a format rule takes the network's.
        var any = new NetworkPhotoRules.Rules("X", Set.of(), Long.MAX_VALUE, false);
        assertThat(any.and(network).formats()).isEqualTo(network.formats());

        List<PolicyChecks.Photo> photos = List.of(
                new PolicyChecks.Photo("image/png", 3_000_000, "A garden"),
                new PolicyChecks.Photo("image/jpeg", 10, null));
        assertThat(PolicyChecks.photos(photos, List.of(both)))
                .extracting(Finding::kind, Finding::actual)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Finding.Kind.PHOTO_FORMAT, 1),
                        org.assertj.core.groups.Tuple.tuple(Finding.Kind.PHOTO_TOO_LARGE, 1),
                        org.assertj.core.groups.Tuple.tuple(Finding.Kind.PHOTO_WITHOUT_DESCRIPTION, 2));
        // No format rule at all: any format the sanitizer kept goes.
        assertThat(PolicyChecks.photos(photos, List.of(any))).isEmpty();
    }

    @Test
    void aFormsExtrasAreOptionalAndLeftOutWhereThereIsNoRoom() {
        List<Form.FormField> fields = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) fields.add(Form.FormField.text("f" + i, "F" + i, true, null, 10));
        fields.add(Form.FormField.hinted("alt.1", "Photo 1", Form.FormField.Kind.LONG_TEXT, false, null, 10));
        Form form = new Form("id", "T", "S", "c", fields, "Describe the photos after sending.");
        assertThat(form.shown(Form.MAX_FIELDS)).hasSize(5);
        assertThat(form.shown(100)).hasSize(6);
        List<Form.FormField> requiredExtra = new java.util.ArrayList<>(fields);
        requiredExtra.add(Form.FormField.text("alt.2", "Photo 2", true, null, 10));
        assertThatThrownBy(() -> new Form("id", "T", "S", "c", requiredExtra, "note"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Form("id", "T", "S", "c", fields)).isInstanceOf(IllegalArgumentException.class);
    }
}
