package org.staffroom.drafts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.staffroom.config.Approvals;
import org.staffroom.config.Policy;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;

/**
 * Whose no-media-consent lists a draft is checked against: its school's for the school's own
 * account; every school's for the trust's account, which speaks for all of them (a trust post can
 * name a pupil of any school). The matching itself is {@link PolicyChecks}'.
 */
final class ConsentScope {

    private ConsentScope() {}

    static List<String> namesFor(StaffroomConfig config, String schoolId, Approvals.Target target) {
        if (target != Approvals.Target.TRUST) return config.noConsentNames(schoolId);
        Set<String> all = new LinkedHashSet<>(config.noConsentNames(schoolId));
        for (School s : config.schools()) all.addAll(config.noConsentNames(s.id()));
        return List.copyOf(all);
    }

    /**
     * The listed pupils {@code text} names, as written in it, by the policy's name check run as a
     * block whatever its severity in policy.yml (a withdrawal always takes a post down); empty if
     * none. Warnings (e.g. a first name alone) do not count.
     */
    static List<String> named(StaffroomConfig config, String schoolId, Approvals.Target target, String text) {
        Policy p = config.policy();
        Map<Policy.Check, Policy.Severity> checks = new java.util.EnumMap<>(Policy.Check.class);
        for (Policy.Check c : Policy.Check.values()) checks.put(c, Policy.Severity.OFF);
        checks.put(Policy.Check.NO_CONSENT_NAMES, Policy.Severity.BLOCK);
        Policy namesOnly = new Policy(p.networks(), checks, List.of(), List.of());
        List<String> out = new ArrayList<>();
        for (Finding f : PolicyChecks.check(
                namesOnly, namesFor(config, schoolId, target), new PolicyChecks.Content(text, List.of(), 0, true))) {
            if (f.kind() == Finding.Kind.NO_CONSENT_NAME && f.blocks() && !out.contains(f.match())) out.add(f.match());
        }
        return out;
    }
}
