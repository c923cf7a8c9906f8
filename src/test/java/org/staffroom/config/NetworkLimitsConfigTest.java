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
 * policy.yml's photo count, size and format limits are per network; a network Staffroom publishes to
 * gives the defaults (its published limits, registered by the adapters), and policy.yml may tighten
 * them but never loosen them: a looser value is refused at load with file:line:col.
 */
class NetworkLimitsConfigTest {

    @TempDir
    Path dir;

    private StaffroomConfig load(String policy) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("trust.yml", ConfigValidationTest.TRUST);
        all.put("schools.yml", ConfigValidationTest.SCHOOLS);
        all.put("people.yml", ConfigValidationTest.PEOPLE);
        all.put("policy.yml", policy);
        for (var e : all.entrySet()) Files.writeString(dir.resolve(e.getKey()), e.getValue());
        return ConfigLoader.load(dir, "bot-config");
    }

    private List<String> problems(String policy) throws IOException {
        try {
            load(policy);
            return List.of();
        } catch (InvalidConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void eachConnectedNetworkGivesItsOwnPhotoLimitsByDefault() throws IOException {
        Policy p = load("""
                        networks:
                          facebook: { label: Facebook }
                          instagram: { label: Instagram }
                          bluesky: { label: Bluesky }
                          mastodon: { label: Mastodon }
                          x: { label: X, max-text: 280, max-images: 4 }
                        """).policy();
        Policy.NetworkLimits fb = p.networks().get("facebook");
        Policy.NetworkLimits ig = p.networks().get("instagram");
        Policy.NetworkLimits bs = p.networks().get("bluesky");
        Policy.NetworkLimits md = p.networks().get("mastodon");
        assertThat(List.of(fb.maxImages(), ig.maxImages(), bs.maxImages(), md.maxImages()))
                .containsExactly(10, 10, 4, 4);
        assertThat(ig.minImages()).isEqualTo(1);
        assertThat(List.of(fb.maxPhotoBytes(), ig.maxPhotoBytes(), bs.maxPhotoBytes(), md.maxPhotoBytes()))
                .containsExactly(4L * 1024 * 1024, 8L * 1024 * 1024, 1_000_000L, 16L * 1024 * 1024);
        assertThat(ig.formats()).containsExactly("image/jpeg");
        assertThat(bs.formats()).containsExactlyInAnyOrder("image/jpeg", "image/png");
        assertThat(md.formats()).containsExactlyInAnyOrder("image/jpeg", "image/png", "image/webp");
        assertThat(List.of(fb.maxText(), ig.maxText(), bs.maxText(), md.maxText()))
                .containsExactly(63_206, 2_200, 300, 500);
        // X has no adapter here: policy.yml's word is the only one, with no size or format rule.
        Policy.NetworkLimits x = p.networks().get("x");
        assertThat(x.maxImages()).isEqualTo(4);
        assertThat(x.maxPhotoBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(x.formats()).isEmpty();
    }

    @Test
    void policyMayBeStricterThanANetwork() throws IOException {
        Policy p = load("""
                        networks:
                          mastodon: { label: Mastodon, max-images: 2, max-photo-mb: 2.5, formats: [jpeg] }
                          facebook: { label: Facebook, max-images: 6, min-images: 1 }
                        """).policy();
        Policy.NetworkLimits md = p.networks().get("mastodon");
        assertThat(md.maxImages()).isEqualTo(2);
        assertThat(md.maxPhotoBytes()).isEqualTo(2_500_000L);
        assertThat(md.formats()).isEqualTo(Set.of("image/jpeg"));
        assertThat(p.networks().get("facebook").maxImages()).isEqualTo(6);
        assertThat(p.networks().get("facebook").minImages()).isEqualTo(1);
    }

    @Test
    void policyLooserThanANetworkIsRefusedWithWhereItSaysSo() throws IOException {
        assertThat(problems("""
                        networks:
                          bluesky: { label: Bluesky, max-text: 500, max-images: 10 }
                          instagram:
                            label: Instagram
                            min-images: 0
                            max-photo-mb: 20
                            formats: [jpeg, png]
                          mastodon: { label: Mastodon, formats: [jpeg, bmp] }
                        """))
                .containsExactly(
                        "bot-config/policy.yml:2:40: max-text 500 is more than Bluesky takes (300); "
                                + "policy.yml may be stricter than a network, never looser",
                        "bot-config/policy.yml:2:57: max-images 10 is more than Bluesky takes in one post (4); "
                                + "policy.yml may be stricter than a network, never looser",
                        "bot-config/policy.yml:5:17: min-images 0 is fewer than Instagram needs (1); "
                                + "policy.yml may be stricter than a network, never looser",
                        "bot-config/policy.yml:6:19: max-photo-mb 20 is more than Instagram takes (8.388608); "
                                + "policy.yml may be stricter than a network, never looser",
                        "bot-config/policy.yml:7:14: Instagram does not take png photos (it takes jpeg); "
                                + "policy.yml may be stricter than a network, never looser",
                        "bot-config/policy.yml:8:48: 'bmp' is not a photo format Staffroom keeps (use jpeg, png or webp)");
    }

    @Test
    void theShippedPolicyIsWithinEveryNetworksLimits() throws IOException {
        String shipped = Files.readString(Path.of("bot-config/policy.yml"));
        // The allow-list names schools of the shipped schools.yml, not of the test's.
        shipped = shipped.substring(0, shipped.indexOf("\nallow:"));
        Policy p = load(shipped).policy();
        assertThat(p.networks().get("bluesky").maxImages()).isEqualTo(4);
        assertThat(p.networks().get("instagram").formats()).containsExactly("image/jpeg");
    }
}
