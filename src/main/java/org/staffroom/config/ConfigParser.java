package org.staffroom.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;
import org.staffroom.config.Fields.Located;
import org.staffroom.config.spi.NetworkCeilings;
import org.staffroom.config.spi.SpaceRules;

/**
 * Turns the YAML trees of bot-config into records, checking each reference against what the
 * earlier files defined. Problems are collected, never thrown, so one run finds them all.
 */
final class ConfigParser {

    private static final Pattern HASHTAG = Pattern.compile("#[A-Za-z][A-Za-z0-9_]*");
    private static final Set<String> LANGUAGES = Set.of("en", "es");

    private final Problems problems;

    /** Ids seen so far, with where they were first defined, to report duplicates and bad references. */
    private final Map<String, Location> spaceIds = new LinkedHashMap<>();

    private final Map<String, Location> schoolIds = new LinkedHashMap<>();
    private final Map<String, Location> personIds = new LinkedHashMap<>();
    private final Map<String, Located> schoolRegions = new LinkedHashMap<>();
    /** The countries the schools are in (from locale, else time zone), where phone numbers are local. */
    private final Set<String> phoneRegions = new LinkedHashSet<>();
    /** The publishing: sections of trust.yml and of each school, parsed apart. */
    private final PublishingParser publishing;

    ConfigParser(Problems problems) {
        this.problems = problems;
        this.publishing = new PublishingParser(problems);
    }

    StaffroomConfig parse(Map<String, YamlNode> trees, String prefix) {
        YamlNode trustTree = trees.get("trust.yml");
        Trust trust = trustTree == null ? defaultTrust() : trust(trustTree);
        List<Space> spaces = new ArrayList<>();
        List<School> schools = new ArrayList<>();
        schools(trees.get("schools.yml"), trust, spaces, schools);
        List<Person> people = new ArrayList<>();
        List<GroupRoles> groups = new ArrayList<>();
        people(trees.get("people.yml"), people, groups);
        SchoolCalendar calendar = calendar(trees.get("calendar.yml"));
        List<QuestionDef> questions = questions(trees.get("questions.yml"));
        List<PdChatDef> chats = chats(trees.get("chats.yml"), trust);
        Policy policy = policy(trees.get("policy.yml"));
        Map<String, List<String>> consent = consent(trees.get("consent.yml"));
        Approvals approvals = approvals(trees.get("approvals.yml"));
        return new StaffroomConfig(
                trust,
                List.copyOf(spaces),
                List.copyOf(schools),
                List.copyOf(people),
                List.copyOf(groups),
                List.copyOf(questions),
                List.copyOf(chats),
                policy,
                consent,
                calendar,
                approvals,
                publishing.result());
    }

    // ---------------------------------------------------------------- trust.yml

    private Trust trust(YamlNode node) {
        Fields f = Fields.of(node, problems, "trust.yml")
                .allow("id", "name", "locale", "timezone", "hashtag", "qotd", "drafts", "web", "publishing");
        publishing.trust(f);
        String id = f.id("id");
        String name = f.string("name");
        Locale locale = locale(f, "locale", Locale.UK);
        ZoneId zone = f.zone("timezone", null);
        String hashtag = f.string("hashtag", "#staffroom");
        if (!HASHTAG.matcher(hashtag).matches()) {
            f.problem(f.at("hashtag"), "'" + hashtag + "' is not a hashtag: start with # then letters, digits or _");
        }
        Fields q = f.child("qotd", "qotd").allow("time", "days", "cron", "answers", "digest-time", "low-pool-warning");
        LocalTime time = q.time("time", LocalTime.of(8, 15));
        Set<DayOfWeek> days = days(q);
        String cron = q.string("cron", null);
        if (cron != null) {
            try {
                CronExpression.parse(cron);
            } catch (IllegalArgumentException e) {
                q.problem(
                        q.at("cron"),
                        "'" + cron
                                + "' is not a valid cron expression (seconds minutes hours day month weekday, e.g. \"0 15 8 * * MON-FRI\"): "
                                + e.getMessage());
            }
        }
        Trust.AnswerSharing answers = q.enumValue("answers", Trust.AnswerSharing.class, Trust.AnswerSharing.LIVE);
        LocalTime digest = q.time("digest-time", LocalTime.of(8, 5));
        int lowPool = q.integer("low-pool-warning", 5, 0, 1000);
        Fields d = f.child("drafts", "drafts")
                .allow("retention-days", "rejected-image-retention-days", "webhook-url-env", "webhook-secret-env");
        Trust.Drafts drafts = new Trust.Drafts(
                d.integer("retention-days", 365, 1, 36500),
                d.integer("rejected-image-retention-days", 30, 1, 36500),
                d.string("webhook-url-env", null),
                d.string("webhook-secret-env", null));
        Fields w = f.child("web", "web").allow("base-url");
        // Unset: links are built from the address Staffroom serves (TrustConfig.baseUrl()).
        String baseUrl = w.string("base-url", null);
        if (baseUrl != null && !baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            w.problem(w.at("base-url"), "'" + baseUrl + "' is not a web address: start with https://");
        }
        return new Trust(
                id,
                name,
                locale,
                zone,
                hashtag,
                new Trust.Qotd(time, days, cron, answers, digest, lowPool),
                drafts,
                new Trust.Web(
                        baseUrl == null || !baseUrl.endsWith("/")
                                ? baseUrl
                                : baseUrl.substring(0, baseUrl.length() - 1)));
    }

    private static Trust defaultTrust() {
        return new Trust(
                "trust",
                "Trust",
                Locale.UK,
                ZoneId.of("Europe/London"),
                "#staffroom",
                new Trust.Qotd(
                        LocalTime.of(8, 15),
                        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                        null,
                        Trust.AnswerSharing.LIVE,
                        LocalTime.of(8, 5),
                        5),
                new Trust.Drafts(365, 30, null, null),
                new Trust.Web(null));
    }

    private Set<DayOfWeek> days(Fields q) {
        if (!q.has("days")) return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Located day : q.strings("days")) {
            DayOfWeek match = null;
            for (DayOfWeek d : DayOfWeek.values()) {
                String n = d.name();
                if (n.equalsIgnoreCase(day.value()) || n.substring(0, 3).equalsIgnoreCase(day.value())) match = d;
            }
            if (match == null) {
                q.problem(
                        day.location(),
                        "'" + day.value() + "' is not a day of the week: use MON, TUE, WED, THU, FRI, SAT, SUN");
            } else {
                days.add(match);
            }
        }
        return days;
    }

    private Locale locale(Fields f, String key, Locale fallback) {
        String tag = f.string(key, null);
        if (tag == null) return fallback;
        Locale l = Locale.forLanguageTag(tag.trim());
        if (!LANGUAGES.contains(l.getLanguage())) {
            f.problem(f.at(key), "'" + tag + "' is not a supported language: use en-GB or es");
            return fallback;
        }
        return l;
    }

    // ---------------------------------------------------------------- schools.yml

    private final Map<String, Space> spacesById = new HashMap<>();

    private void schools(YamlNode node, Trust trust, List<Space> spaces, List<School> schools) {
        if (node == null) return;
        Fields f = Fields.of(node, problems, "schools.yml").allow("spaces", "schools");
        for (YamlNode item : f.list("spaces")) {
            List<String> keys = new ArrayList<>(List.of("id", "platform", "name"));
            keys.addAll(PlatformRules.idKeys());
            Fields s = Fields.of(item, problems, "a space").allow(keys.toArray(String[]::new));
            String id = s.id("id");
            // Each adapter brings its platform's rules (config.spi.SpaceRules): the key for its id and their syntax.
            Optional<SpaceRules> rules = platformRules(s);
            Platform platform = rules.map(SpaceRules::platform).orElse(null);
            String external = "";
            if (rules.isPresent()) {
                String key = rules.get().idKey();
                external = s.string(key);
                for (String other : PlatformRules.idKeys()) {
                    if (!other.equals(key) && s.has(other)) {
                        s.problem(
                                s.at(other),
                                "a " + platform.label() + " space has a '" + key + "' id, not a '" + other + "'");
                    }
                }
                if (!external.isEmpty()) {
                    Optional<String> problem = rules.get().spaceIdProblem(external);
                    if (problem.isPresent()) s.problem(s.at(key), problem.get());
                }
            }
            String name = s.string("name", id);
            if (unique(spaceIds, id, s.at("id"), "space") && platform != null) {
                Space space = new Space(id, platform, external, name);
                spaces.add(space);
                spacesById.put(id, space);
            }
        }
        Map<String, Location> channelsSeen = new HashMap<>();
        for (YamlNode item : f.list("schools")) {
            Fields s = Fields.of(item, problems, "a school")
                    .allow(
                            "id",
                            "name",
                            "short-name",
                            "space",
                            "timezone",
                            "locale",
                            "staff-count",
                            "calendar",
                            "channels",
                            "index-hashtags",
                            "paused",
                            "publishing");
            String id = s.id("id");
            String name = s.string("name");
            String shortName = s.string("short-name", name);
            String spaceId = s.string("space");
            Space space = spacesById.get(spaceId);
            if (!spaceId.isEmpty() && space == null && !spaceIds.containsKey(spaceId)) {
                unknown(s.at("space"), "space", spaceId, spaceIds.keySet());
            }
            ZoneId zone = s.zone("timezone", trust.zone() == null ? ZoneId.of("Europe/London") : trust.zone());
            Locale locale = locale(s, "locale", trust.locale());
            int staff = s.integer("staff-count", 0, 0, 100000);
            String region = s.string("calendar", null);
            if (region != null) schoolRegions.put(id, new Located(region, s.at("calendar")));
            Map<ChannelPurpose, String> channels = new EnumMap<>(ChannelPurpose.class);
            Fields c = s.child("channels", "channels").allow("staffroom", "qotd", "pd", "review");
            if (!s.has("channels")) s.missing("channels");
            for (ChannelPurpose purpose : ChannelPurpose.values()) {
                String key = purpose.name().toLowerCase(Locale.ROOT);
                String channel = c.string(key, null);
                if (channel == null) continue;
                if (space != null) {
                    PlatformRules.of(space.platform())
                            .flatMap(r -> r.channelIdProblem(channel))
                            .ifPresent(problem -> c.problem(c.at(key), problem));
                }
                String seenKey = spaceId + "/" + channel;
                Location first = channelsSeen.putIfAbsent(seenKey, c.at(key));
                if (first != null) {
                    c.problem(
                            c.at(key),
                            "channel '" + channel + "' is already used at line " + first.line()
                                    + "; each school needs channels of its own");
                }
                channels.put(purpose, channel);
            }
            boolean index = s.bool("index-hashtags", true);
            boolean paused = s.bool("paused", false);
            publishing.school(s, id);
            if (unique(schoolIds, id, s.at("id"), "school")) {
                phoneRegions.add(PrivacyEntries.region(locale, zone));
                schools.add(new School(
                        id,
                        name,
                        shortName,
                        spaceId,
                        zone,
                        locale,
                        staff,
                        region,
                        Map.copyOf(channels),
                        index,
                        paused));
            }
        }
        if (schools.isEmpty() && problems.isEmpty()) {
            f.problem(f.location(), "no schools are defined: add at least one under 'schools'");
        }
    }

    /** The rules of the platform a space names; a problem listing the known ones if it names none. */
    private Optional<SpaceRules> platformRules(Fields s) {
        String name = s.string("platform");
        if (name.isEmpty()) return Optional.empty();
        Optional<SpaceRules> rules = PlatformRules.of(name);
        if (rules.isEmpty()) {
            s.problem(
                    s.at("platform"),
                    "'" + name + "' is not a valid platform (expected one of: " + PlatformRules.names() + ")");
        }
        return rules;
    }

    // ---------------------------------------------------------------- people.yml

    private void people(YamlNode node, List<Person> people, List<GroupRoles> groups) {
        if (node == null) return;
        Fields f = Fields.of(node, problems, "people.yml").allow("people", "groups");
        Map<String, Location> accounts = new HashMap<>();
        for (YamlNode item : f.list("people")) {
            Fields p = Fields.of(item, problems, "a person").allow("id", "name", "school", "accounts", "roles");
            String id = p.id("id");
            String name = p.string("name");
            String school = p.string("school", null);
            if (school != null) schoolRef(school, p.at("school"));
            List<Person.Account> accs = new ArrayList<>();
            for (YamlNode a : p.list("accounts")) {
                Fields af = Fields.of(a, problems, "an account").allow("space", "user");
                String space = af.string("space");
                String user = af.string("user");
                if (!space.isEmpty()) spaceRef(space, af.at("space"));
                Space sp = spacesById.get(space);
                if (sp != null && !user.isEmpty()) {
                    PlatformRules.of(sp.platform())
                            .flatMap(r -> r.userIdProblem(user))
                            .ifPresent(problem -> af.problem(af.at("user"), problem));
                }
                Location first = accounts.putIfAbsent(space + "/" + user, af.at("user"));
                if (first != null) {
                    af.problem(
                            af.at("user"),
                            "account '" + user + "' in space '" + space + "' already belongs to someone at line "
                                    + first.line());
                }
                accs.add(new Person.Account(space, user));
            }
            List<RoleGrant> roles = roles(p.strings("roles"));
            if (unique(personIds, id, p.at("id"), "person")) {
                people.add(new Person(id, name, school, List.copyOf(accs), roles));
            }
        }
        for (YamlNode item : f.list("groups")) {
            Fields g = Fields.of(item, problems, "a group").allow("space", "group", "roles");
            String space = g.string("space");
            if (!space.isEmpty()) spaceRef(space, g.at("space"));
            String group = g.string("group");
            groups.add(new GroupRoles(space, group, roles(g.strings("roles"))));
        }
    }

    private List<RoleGrant> roles(List<Located> texts) {
        List<RoleGrant> out = new ArrayList<>();
        for (Located r : texts) {
            String[] parts = r.value().trim().split("@", 2);
            Role role = null;
            for (Role candidate : Role.values()) {
                if (candidate.name().equalsIgnoreCase(parts[0])) role = candidate;
            }
            if (role == null) {
                problems.add(
                        r.location(), "'" + parts[0] + "' is not a role: use teacher, coordinator, approver or admin");
                continue;
            }
            String school = parts.length > 1 ? parts[1] : null;
            if (school != null && !schoolIds.containsKey(school)) {
                unknown(r.location(), "school", school, schoolIds.keySet());
                continue;
            }
            if (role == Role.ADMIN && school != null) {
                problems.add(r.location(), "admin is trust-wide: write 'admin' without @" + school);
                continue;
            }
            out.add(new RoleGrant(role, school));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- calendar.yml

    private SchoolCalendar calendar(YamlNode node) {
        Map<String, SchoolCalendar.Region> regions = new LinkedHashMap<>();
        List<SchoolCalendar.Closure> trustClosures = new ArrayList<>();
        Map<String, List<SchoolCalendar.Closure>> schoolClosures = new LinkedHashMap<>();
        if (node != null) {
            Fields f = Fields.of(node, problems, "calendar.yml").allow("trust", "regions", "schools");
            trustClosures.addAll(closures(f.child("trust", "trust").allow("closures")));
            Fields rf = f.child("regions", "regions");
            for (Map.Entry<YamlNode.Key, YamlNode> e : rf.entries().entrySet()) {
                Fields r = Fields.of(
                                e.getValue(), problems, "region '" + e.getKey().name() + "'")
                        .allow("terms", "closures");
                List<SchoolCalendar.Term> terms = new ArrayList<>();
                for (YamlNode t : r.list("terms")) {
                    Fields tf = Fields.of(t, problems, "a term").allow("name", "from", "to");
                    String name = tf.string("name");
                    LocalDate from = tf.date("from");
                    LocalDate to = tf.date("to");
                    if (to.isBefore(from))
                        tf.problem(tf.at("to"), "the term ends (" + to + ") before it starts (" + from + ")");
                    terms.add(new SchoolCalendar.Term(name, from, to));
                }
                regions.put(e.getKey().name(), new SchoolCalendar.Region(List.copyOf(terms), closures(r)));
            }
            Fields sf = f.child("schools", "schools");
            for (Map.Entry<YamlNode.Key, YamlNode> e : sf.entries().entrySet()) {
                schoolRef(e.getKey().name(), e.getKey().location());
                Fields s = Fields.of(
                                e.getValue(), problems, "school '" + e.getKey().name() + "'")
                        .allow("closures");
                schoolClosures.put(e.getKey().name(), closures(s));
            }
        }
        for (Map.Entry<String, Located> e : schoolRegions.entrySet()) {
            if (!regions.containsKey(e.getValue().value())) {
                unknown(e.getValue().location(), "calendar region", e.getValue().value(), regions.keySet());
            }
        }
        return new SchoolCalendar(List.copyOf(trustClosures), Map.copyOf(regions), Map.copyOf(schoolClosures));
    }

    private List<SchoolCalendar.Closure> closures(Fields owner) {
        List<SchoolCalendar.Closure> out = new ArrayList<>();
        for (YamlNode c : owner.list("closures")) {
            Fields cf = Fields.of(c, problems, "a closure").allow("kind", "date", "from", "to", "name");
            SchoolCalendar.Kind kind = cf.enumValue("kind", SchoolCalendar.Kind.class, SchoolCalendar.Kind.CLOSURE);
            String name = cf.string("name");
            LocalDate from;
            LocalDate to;
            if (cf.has("date")) {
                if (cf.has("from") || cf.has("to"))
                    cf.problem(cf.at("date"), "give either 'date' or 'from' and 'to', not both");
                from = cf.date("date");
                to = from;
            } else if (cf.has("from") || cf.has("to")) {
                from = cf.date("from");
                to = cf.date("to");
                if (to.isBefore(from))
                    cf.problem(cf.at("to"), "the closure ends (" + to + ") before it starts (" + from + ")");
            } else {
                cf.missing("date");
                continue;
            }
            out.add(new SchoolCalendar.Closure(kind, from, to, name));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- questions.yml

    private List<QuestionDef> questions(YamlNode node) {
        List<QuestionDef> out = new ArrayList<>();
        if (node == null) return out;
        Fields f = Fields.of(node, problems, "questions.yml").allow("questions");
        Map<String, Location> ids = new HashMap<>();
        Map<LocalDate, Location> pinned = new HashMap<>();
        for (YamlNode item : f.list("questions")) {
            Fields q = Fields.of(item, problems, "a question").allow("id", "text", "category", "date", "en", "es");
            String id = q.string("id");
            String text = q.string("text").trim();
            if (text.length() > 500)
                q.problem(q.at("text"), "the question is " + text.length() + " characters long; keep it under 500");
            String category = q.string("category", "general");
            LocalDate date = q.optionalDate("date");
            if (date != null) {
                Location first = pinned.putIfAbsent(date, q.at("date"));
                if (first != null)
                    q.problem(
                            q.at("date"), "another question is already pinned to " + date + " at line " + first.line());
            }
            // A translation per language ("es: ¿…?"), used for schools whose locale is in that language.
            Map<String, String> translations = new java.util.LinkedHashMap<>();
            for (String language : QuestionDef.LANGUAGES) {
                String t = q.string(language, null);
                if (t == null) continue;
                if (t.isBlank())
                    q.problem(
                            q.at(language),
                            "the " + language + " text is empty: give the question or leave the line out");
                else if (t.trim().length() > 500)
                    q.problem(
                            q.at(language),
                            "the " + language + " text is " + t.trim().length()
                                    + " characters long; keep it under 500");
                else translations.put(language, t.trim());
            }
            if (unique(ids, id, q.at("id"), "question"))
                out.add(new QuestionDef(id, text, category, date, translations));
        }
        return out;
    }

    // ---------------------------------------------------------------- chats.yml

    private List<PdChatDef> chats(YamlNode node, Trust trust) {
        List<PdChatDef> out = new ArrayList<>();
        if (node == null) return out;
        Fields f = Fields.of(node, problems, "chats.yml").allow("chats");
        Map<String, Location> ids = new HashMap<>();
        for (YamlNode item : f.list("chats")) {
            Fields c = Fields.of(item, problems, "a chat")
                    .allow(
                            "id",
                            "hashtag",
                            "title",
                            "host",
                            "start",
                            "timezone",
                            "repeat",
                            "mode",
                            "interval",
                            "duration-after-last",
                            "schools",
                            "questions");
            String id = c.id("id");
            String hashtag = c.string("hashtag");
            if (!hashtag.isEmpty() && !HASHTAG.matcher(hashtag).matches()) {
                c.problem(
                        c.at("hashtag"), "'" + hashtag + "' is not a hashtag: start with # then letters, digits or _");
            }
            String title = c.string("title");
            String host = c.string("host");
            if (!host.isEmpty()) personRef(host, c.at("host"));
            var start = c.dateTime("start");
            ZoneId zone = c.zone("timezone", trust.zone() == null ? ZoneId.of("Europe/London") : trust.zone());
            PdChatDef.Repeat repeat = c.enumValue("repeat", PdChatDef.Repeat.class, PdChatDef.Repeat.NONE);
            PdChatDef.Mode mode = c.enumValue("mode", PdChatDef.Mode.class, PdChatDef.Mode.LIVE);
            int interval = c.integer("interval", 10, 1, 24 * 60);
            int after = c.integer("duration-after-last", 10, 0, 24 * 60);
            List<String> schools = schoolList(c, "schools");
            List<String> questions = new ArrayList<>();
            for (Located q : c.strings("questions")) questions.add(q.value());
            if (questions.isEmpty())
                c.problem(
                        c.has("questions") ? c.at("questions") : c.location(),
                        "a chat needs at least one question under 'questions'");
            if (unique(ids, id, c.at("id"), "chat")) {
                out.add(new PdChatDef(
                        id,
                        hashtag,
                        title,
                        host,
                        start,
                        zone,
                        repeat,
                        mode,
                        interval,
                        after,
                        schools,
                        List.copyOf(questions)));
            }
        }
        return out;
    }

    /** "all" (or missing) means every school; otherwise a list of school ids. */
    private List<String> schoolList(Fields f, String key) {
        YamlNode n = f.node(key);
        if (n == null || n instanceof YamlNode.Null) return List.of();
        if (n instanceof YamlNode.Scalar s) {
            if (s.text().equalsIgnoreCase("all")) return List.of();
            f.problem(s.location(), "'" + key + "' should be 'all' or a list of school ids, found '" + s.text() + "'");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Located s : f.strings(key)) {
            if (schoolRef(s.value(), s.location())) out.add(s.value());
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- policy.yml

    private Policy policy(YamlNode node) {
        Map<String, Policy.NetworkLimits> networks = new LinkedHashMap<>();
        Map<Policy.Check, Policy.Severity> checks = new EnumMap<>(Policy.Check.class);
        List<String> block = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        if (node == null) {
            networks.put("facebook", withCeiling(new Policy.NetworkLimits("facebook", "Facebook", 63206, 10, 0)));
            networks.put("instagram", withCeiling(new Policy.NetworkLimits("instagram", "Instagram", 2200, 10, 1)));
            networks.put("x", new Policy.NetworkLimits("x", "X", 280, 4, 0));
            return new Policy(networks, checks, block, warn, PrivacyEntries.regions(phoneRegions), Map.of());
        }
        Fields f = Fields.of(node, problems, "policy.yml").allow("networks", "checks", "blocked-words", "allow");
        for (Map.Entry<YamlNode.Key, YamlNode> e :
                f.child("networks", "networks").entries().entrySet()) {
            String id = e.getKey().name();
            Fields n = Fields.of(e.getValue(), problems, "network '" + id + "'")
                    .allow("label", "max-text", "max-images", "min-images", "max-photo-mb", "formats");
            // A network an adapter publishes to gives the defaults, and the bounds policy.yml may only tighten.
            Optional<NetworkCeilings.Ceiling> ceiling = PublishedCeilings.of(id);
            int maxText = n.integer(
                    "max-text", ceiling.map(NetworkCeilings.Ceiling::maxText).orElse(2000), 1, 1_000_000);
            int max = n.integer(
                    "max-images",
                    ceiling.map(NetworkCeilings.Ceiling::maxPhotos).orElse(10),
                    0,
                    100);
            int min = n.integer(
                    "min-images",
                    ceiling.map(NetworkCeilings.Ceiling::minPhotos).orElse(0),
                    0,
                    100);
            if (min > max)
                n.problem(n.at("min-images"), "min-images (" + min + ") is more than max-images (" + max + ")");
            long bytes = photoBytes(
                    n, ceiling.map(NetworkCeilings.Ceiling::maxPhotoBytes).orElse(Long.MAX_VALUE));
            Set<String> formats = photoFormats(
                    n, ceiling.map(NetworkCeilings.Ceiling::formats).orElse(Set.of()));
            Policy.NetworkLimits limits = new Policy.NetworkLimits(
                    id,
                    n.string(
                            "label", ceiling.map(NetworkCeilings.Ceiling::label).orElse(id)),
                    maxText,
                    max,
                    min,
                    bytes,
                    formats);
            ceiling.ifPresent(c -> noLooser(n, limits, c));
            networks.put(id, limits);
        }
        if (networks.isEmpty()) f.problem(f.location(), "policy.yml needs at least one network under 'networks'");
        Fields c = f.child("checks", "checks");
        for (Map.Entry<YamlNode.Key, YamlNode> e : c.entries().entrySet()) {
            Policy.Check check =
                    c.parseEnum(e.getKey().name(), e.getKey().location(), "check", Policy.Check.class, null);
            if (!(e.getValue() instanceof YamlNode.Scalar s)) {
                c.problem(e.getValue().location(), "'" + e.getKey().name() + "' should be block, warn or off");
                continue;
            }
            Policy.Severity sev = c.parseEnum(s.text(), s.location(), "severity", Policy.Severity.class, null);
            if (check != null && sev != null) checks.put(check, sev);
        }
        Fields w = f.child("blocked-words", "blocked-words").allow("block", "warn");
        w.strings("block").forEach(l -> block.add(l.value()));
        w.strings("warn").forEach(l -> warn.add(l.value()));
        Map<String, Policy.Allowed> allowed = new LinkedHashMap<>();
        for (Map.Entry<YamlNode.Key, YamlNode> e :
                f.child("allow", "allow").entries().entrySet()) {
            if (!schoolRef(e.getKey().name(), e.getKey().location())) continue;
            Fields a = Fields.of(e.getValue(), problems, "allow: " + e.getKey().name())
                    .allow("phone", "email", "address");
            allowed.put(
                    e.getKey().name(),
                    PrivacyEntries.allowed(
                            a.strings("phone"), a.strings("email"), a.strings("address"), phoneRegions, problems));
        }
        return new Policy(
                Map.copyOf(networks),
                Map.copyOf(checks),
                List.copyOf(block),
                List.copyOf(warn),
                PrivacyEntries.regions(phoneRegions),
                Map.copyOf(allowed));
    }

    /** Photo formats policy.yml may name, with their MIME types: what the image sanitizer stores. */
    private static final Map<String, String> PHOTO_FORMATS =
            Map.of("jpeg", "image/jpeg", "jpg", "image/jpeg", "png", "image/png", "webp", "image/webp");

    /** {@code max-photo-mb} (megabytes of 1,000,000 bytes, decimals allowed), or {@code fallback}. */
    private long photoBytes(Fields n, long fallback) {
        YamlNode node = n.node("max-photo-mb");
        if (!(node instanceof YamlNode.Scalar sc)) {
            if (node != null && !(node instanceof YamlNode.Null))
                n.problem(node.location(), "'max-photo-mb' should be a number of megabytes, found " + node.kind());
            return fallback;
        }
        try {
            java.math.BigDecimal mb = new java.math.BigDecimal(sc.text().trim());
            if (mb.signum() <= 0 || mb.compareTo(java.math.BigDecimal.valueOf(1000)) > 0) {
                n.problem(sc.location(), "'max-photo-mb' must be more than 0 and at most 1000, found " + sc.text());
                return fallback;
            }
            return mb.movePointRight(6).longValue();
        } catch (NumberFormatException e) {
            n.problem(sc.location(), "'max-photo-mb' must be a number of megabytes, found '" + sc.text() + "'");
            return fallback;
        }
    }

    /** {@code formats} (jpeg, png, webp) as MIME types, or {@code fallback} when not given. */
    private Set<String> photoFormats(Fields n, Set<String> fallback) {
        if (!n.has("formats")) return fallback;
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Fields.Located f : n.strings("formats")) {
            String mime = PHOTO_FORMATS.get(f.value().trim().toLowerCase(java.util.Locale.ROOT));
            if (mime == null)
                n.problem(
                        f.location(),
                        "'" + f.value() + "' is not a photo format Staffroom keeps (use jpeg, png or webp)");
            else out.add(mime);
        }
        if (out.isEmpty()) n.problem(n.at("formats"), "'formats' needs at least one of jpeg, png, webp");
        return out.isEmpty() ? fallback : Set.copyOf(out);
    }

    /**
     * policy.yml may be stricter than a network, never looser: a draft it lets through must be one
     * the network takes, or an approved post could not be published.
     */
    private static void noLooser(Fields n, Policy.NetworkLimits p, NetworkCeilings.Ceiling c) {
        String why = "; policy.yml may be stricter than a network, never looser";
        if (p.maxText() > c.maxText())
            n.problem(
                    n.at("max-text"),
                    "max-text " + p.maxText() + " is more than " + c.label() + " takes (" + c.maxText() + ")" + why);
        if (p.maxImages() > c.maxPhotos())
            n.problem(
                    n.at("max-images"),
                    "max-images " + p.maxImages() + " is more than " + c.label() + " takes in one post ("
                            + c.maxPhotos() + ")" + why);
        if (p.minImages() < c.minPhotos())
            n.problem(
                    n.at("min-images"),
                    "min-images " + p.minImages() + " is fewer than " + c.label() + " needs (" + c.minPhotos() + ")"
                            + why);
        if (p.maxPhotoBytes() > c.maxPhotoBytes())
            n.problem(
                    n.at("max-photo-mb"),
                    "max-photo-mb " + megabytes(p.maxPhotoBytes()) + " is more than " + c.label() + " takes ("
                            + megabytes(c.maxPhotoBytes()) + ")" + why);
        List<String> refused = p.formats().stream()
                .filter(f -> !c.formats().contains(f))
                .map(ConfigParser::formatName)
                .sorted()
                .toList();
        if (!refused.isEmpty())
            n.problem(
                    n.at("formats"),
                    c.label() + " does not take " + String.join(", ", refused) + " photos (it takes "
                            + String.join(
                                    ", ",
                                    c.formats().stream()
                                            .map(ConfigParser::formatName)
                                            .sorted()
                                            .toList()) + ")" + why);
    }

    /** A network's own size and format rules on a built-in default. */
    private static Policy.NetworkLimits withCeiling(Policy.NetworkLimits l) {
        return PublishedCeilings.of(l.id())
                .map(c -> new Policy.NetworkLimits(
                        l.id(), l.label(), l.maxText(), l.maxImages(), l.minImages(), c.maxPhotoBytes(), c.formats()))
                .orElse(l);
    }

    private static String megabytes(long bytes) {
        return java.math.BigDecimal.valueOf(bytes, 6).stripTrailingZeros().toPlainString();
    }

    private static String formatName(String mime) {
        return mime.substring(mime.indexOf('/') + 1);
    }

    // ---------------------------------------------------------------- consent.yml

    private Map<String, List<String>> consent(YamlNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node == null) return out;
        Fields f = Fields.of(node, problems, "consent.yml").allow("schools");
        Fields s = f.child("schools", "schools");
        for (Map.Entry<YamlNode.Key, YamlNode> e : s.entries().entrySet()) {
            schoolRef(e.getKey().name(), e.getKey().location());
            List<String> names = new ArrayList<>();
            if (e.getValue() instanceof YamlNode.Sequence seq) {
                for (YamlNode n : seq.items()) {
                    if (n instanceof YamlNode.Scalar sc && sc.text().isBlank()) continue;
                    names.addAll(PrivacyEntries.pupil(n, problems));
                }
            } else if (!(e.getValue() instanceof YamlNode.Null)) {
                problems.add(
                        e.getValue().location(), "the names for '" + e.getKey().name() + "' should be a list");
            }
            out.put(e.getKey().name(), List.copyOf(names));
        }
        return Map.copyOf(out);
    }

    // ---------------------------------------------------------------- approvals.yml

    private Approvals approvals(YamlNode node) {
        List<Approvals.Route> routes = new ArrayList<>();
        if (node == null) return new Approvals(null, routes);
        Fields f = Fields.of(node, problems, "approvals.yml").allow("trust-review", "routes");
        Approvals.ChannelLocation trustReview = null;
        if (f.has("trust-review")) {
            Fields t = f.child("trust-review", "trust-review").allow("space", "channel");
            String space = t.string("space");
            if (!space.isEmpty()) spaceRef(space, t.at("space"));
            trustReview = new Approvals.ChannelLocation(space, t.string("channel"));
        }
        Map<String, Location> ids = new HashMap<>();
        Map<String, Location> covered = new HashMap<>();
        for (YamlNode item : f.list("routes")) {
            Fields r = Fields.of(item, problems, "a route").allow("id", "target", "schools", "stages");
            String id = r.id("id");
            Approvals.Target target = r.enumValue("target", Approvals.Target.class, null);
            List<String> schools = schoolList(r, "schools");
            for (String school : schools.isEmpty() ? new ArrayList<>(schoolIds.keySet()) : schools) {
                Location first = covered.putIfAbsent(school + "/" + target, r.at("schools"));
                if (first != null && target != null) {
                    r.problem(
                            r.has("schools") ? r.at("schools") : r.location(),
                            "school '" + school + "' already has a '"
                                    + target.name().toLowerCase(Locale.ROOT) + "' route at line " + first.line());
                }
            }
            List<Approvals.Stage> stages = new ArrayList<>();
            Map<String, Location> stageIds = new HashMap<>();
            for (YamlNode s : r.list("stages")) {
                Approvals.Stage stage = stage(Fields.of(s, problems, "a stage"), trustReview);
                if (stage != null && unique(stageIds, stage.id(), s.location(), "stage")) stages.add(stage);
            }
            if (stages.isEmpty()) r.problem(r.location(), "route '" + id + "' needs at least one stage under 'stages'");
            if (unique(ids, id, r.at("id"), "route") && target != null) {
                routes.add(new Approvals.Route(id, target, Set.copyOf(schools), List.copyOf(stages)));
            }
        }
        return new Approvals(trustReview, List.copyOf(routes));
    }

    private Approvals.Stage stage(Fields s, Approvals.ChannelLocation trustReview) {
        s.allow(
                "id",
                "name",
                "approvers",
                "approver-role",
                "quorum",
                "post-to",
                "remind-after",
                "escalate-after",
                "backup");
        String id = s.id("id");
        String name = s.string("name", id);
        List<String> approvers = personList(s, "approvers");
        Approvals.ApproverRole role =
                s.enumValue("approver-role", Approvals.ApproverRole.class, Approvals.ApproverRole.NONE);
        if (approvers.isEmpty() && role == Approvals.ApproverRole.NONE && !s.has("approvers")) {
            s.problem(s.location(), "stage '" + id + "' has no approvers: add 'approvers' or 'approver-role'");
        }
        int quorum = s.integer("quorum", 1, 1, 50);
        if (role == Approvals.ApproverRole.NONE && !approvers.isEmpty() && quorum > approvers.size()) {
            s.problem(
                    s.at("quorum"),
                    "quorum " + quorum + " needs more approvers than the " + approvers.size() + " listed");
        }
        Approvals.PostTo postTo = s.enumValue("post-to", Approvals.PostTo.class, Approvals.PostTo.SCHOOL_REVIEW);
        if (postTo == Approvals.PostTo.TRUST_REVIEW && trustReview == null) {
            s.problem(
                    s.at("post-to"),
                    "post-to trust-review needs 'trust-review' (space and channel) at the top of approvals.yml");
        }
        Duration remind = s.duration("remind-after", Duration.ofHours(4));
        Duration escalate = s.duration("escalate-after", Duration.ofHours(24));
        if (escalate.compareTo(remind) <= 0) {
            s.problem(
                    s.at("escalate-after"),
                    "escalate-after (" + fmt(escalate) + ") should be later than remind-after (" + fmt(remind) + ")");
        }
        List<String> backup = personList(s, "backup");
        return new Approvals.Stage(id, name, approvers, role, quorum, postTo, remind, escalate, backup);
    }

    private static String fmt(Duration d) {
        return d.toHours() > 0 ? d.toHours() + "h" : d.toMinutes() + "m";
    }

    private List<String> personList(Fields f, String key) {
        List<String> out = new ArrayList<>();
        for (Located p : f.strings(key)) {
            if (personRef(p.value(), p.location())) out.add(p.value());
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- references

    private boolean unique(Map<String, Location> seen, String id, Location at, String what) {
        if (id.isEmpty()) return false;
        Location first = seen.putIfAbsent(id, at);
        if (first != null) {
            problems.add(at, "duplicate " + what + " id '" + id + "' (first defined at line " + first.line() + ")");
            return false;
        }
        return true;
    }

    private boolean schoolRef(String id, Location at) {
        if (schoolIds.containsKey(id)) return true;
        unknown(at, "school", id, schoolIds.keySet());
        return false;
    }

    private boolean spaceRef(String id, Location at) {
        if (spaceIds.containsKey(id)) return true;
        unknown(at, "space", id, spaceIds.keySet());
        return false;
    }

    private boolean personRef(String id, Location at) {
        if (personIds.containsKey(id)) return true;
        unknown(at, "person", id, personIds.keySet());
        return false;
    }

    private void unknown(Location at, String what, String id, Set<String> known) {
        String close = Fields.closest(id, new ArrayList<>(known));
        problems.add(
                at,
                "unknown " + what + " '" + id + "'"
                        + (close != null
                                ? " (did you mean '" + close + "'?)"
                                : known.isEmpty()
                                        ? ""
                                        : " (known: " + String.join(", ", new LinkedHashSet<>(known)) + ")"));
    }
}
