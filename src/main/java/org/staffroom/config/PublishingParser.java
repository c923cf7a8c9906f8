package org.staffroom.config;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code publishing:} sections: kept apart from {@link ConfigParser} so the accounts can grow
 * without touching the rest. Problems are reported with file:line:col like everything else.
 */
final class PublishingParser {

    private static final Pattern ENV = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final Problems problems;
    private LocalTime time = Publishing.NONE.time();
    private final Map<String, LocalTime> schoolTimes = new LinkedHashMap<>();
    private final List<Publishing.Account> accounts = new ArrayList<>();

    PublishingParser(Problems problems) {
        this.problems = problems;
    }

    /** trust.yml's {@code publishing:}: the default time and the trust's own accounts. */
    void trust(Fields trust) {
        if (!trust.has("publishing")) return;
        Fields p = trust.child("publishing", "publishing").allow("time", "accounts");
        time = p.time("time", time);
        accounts(p, null);
    }

    /** A school's {@code publishing:}: its own time (optional) and accounts. */
    void school(Fields school, String schoolId) {
        if (!school.has("publishing")) return;
        Fields p = school.child("publishing", "publishing").allow("time", "accounts");
        if (p.has("time")) schoolTimes.put(schoolId, p.time("time", time));
        accounts(p, schoolId);
    }

    Publishing result() {
        return new Publishing(time, Map.copyOf(schoolTimes), List.copyOf(accounts));
    }

    private void accounts(Fields p, String schoolId) {
        Set<String> seen = new HashSet<>();
        for (var item : p.list("accounts")) {
            Fields a = Fields.of(item, problems, "an account").allow("network", "account", "base-url", "token-env");
            String network = a.string("network");
            if (!network.isEmpty() && !Publishing.NETWORKS.contains(network)) {
                a.problem(
                        a.at("network"),
                        "'" + network
                                + "' is not a network Staffroom publishes to: use facebook, instagram, bluesky or mastodon");
                continue;
            }
            if (!network.isEmpty() && !seen.add(network)) {
                a.problem(
                        a.at("network"),
                        "a second " + network + " account; each school and the trust connect one account per network");
                continue;
            }
            String account = a.string("account");
            String baseUrl = a.string("base-url", Publishing.defaultBaseUrl(network));
            if (baseUrl == null) {
                a.missing("base-url");
            } else if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
                a.problem(a.at("base-url"), "'" + baseUrl + "' is not a web address: start with https://");
            }
            String tokenEnv = a.string("token-env");
            if (!tokenEnv.isEmpty() && !ENV.matcher(tokenEnv).matches()) {
                // Most likely the token itself was pasted here: say so without repeating it.
                a.problem(
                        a.at("token-env"),
                        "token-env names an environment variable (capital letters, digits and _), "
                                + "not the token itself; put the token in that variable");
                continue;
            }
            if (network.isEmpty() || account.isEmpty() || baseUrl == null || tokenEnv.isEmpty()) continue;
            accounts.add(new Publishing.Account(
                    schoolId,
                    network,
                    account,
                    baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
                    tokenEnv));
        }
    }
}
