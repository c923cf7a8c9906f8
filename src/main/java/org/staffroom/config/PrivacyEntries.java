package org.staffroom.config;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.ibm.icu.util.TimeZone;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.staffroom.config.Fields.Located;

/**
 * The privacy entries of bot-config: pupils in consent.yml and each school's own contact details
 * in policy.yml. A pupil is written "First Surname", or "Surname, First" as school systems export
 * it, or as {@code {name: …, also: […]}} with aliases: another full name ("Zoe Ade") or a
 * nickname used in place of the given name ("Zizi", which then reads as "Zizi Adebayo").
 */
final class PrivacyEntries {

    private PrivacyEntries() {}

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(?:\\.[^@\\s.]+)*\\.[^@\\s.]{2,}");
    private static final Pattern NOT_A_NAME = Pattern.compile(".*[\\d@#/\\\\:;<>{}\\[\\]|=+*].*");

    /** The country a school is in: its locale's, else its time zone's (Europe/Madrid is ES); "" if unknown. */
    static String region(Locale locale, ZoneId zone) {
        if (locale != null && locale.getCountry().length() == 2) return locale.getCountry();
        if (zone == null) return "";
        String r = TimeZone.getRegion(zone.getId());
        return r != null && r.length() == 2 ? r : "";
    }

    static Set<String> regions(Collection<String> found) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : found) if (r != null && !r.isEmpty()) out.add(r);
        if (out.isEmpty()) out.add("GB");
        return Set.copyOf(out);
    }

    /** The names a consent.yml entry stands for: the pupil's name first, then each alias. */
    static List<String> pupil(YamlNode n, Problems problems) {
        List<String> out = new ArrayList<>();
        if (n instanceof YamlNode.Scalar sc) {
            Name name = name(sc.text(), sc.location(), problems);
            if (name != null) out.add(name.full());
            return out;
        }
        if (!(n instanceof YamlNode.Mapping)) {
            problems.add(n.location(), "each entry should be a pupil's name, found " + n.kind());
            return out;
        }
        Fields f = Fields.of(n, problems, "a pupil").allow("name", "also");
        if (!f.has("name")) {
            f.missing("name");
            return out;
        }
        Name name = name(f.string("name"), f.at("name"), problems);
        if (name == null) return out;
        out.add(name.full());
        for (Located alias : f.strings("also")) {
            String a = alias.value().strip();
            if (a.isEmpty()) continue;
            if (a.contains(",") || a.split("\\s+").length > 1) {
                Name other = name(a, alias.location(), problems);
                if (other != null) out.add(other.full());
            } else if (NOT_A_NAME.matcher(a).matches()) {
                problems.add(alias.location(), "'" + a + "' does not look like a name or nickname");
            } else {
                out.add(a + " " + name.surnames()); // a nickname in place of the given name
            }
        }
        return out;
    }

    /** A pupil's name, given names first; {@code given} is how many words are given names. */
    record Name(String full, int given) {
        String surnames() {
            String[] w = full.split("\\s+");
            return String.join(" ", java.util.Arrays.copyOfRange(w, given, w.length));
        }
    }

    static Name name(String raw, Location at, Problems problems) {
        String text = raw == null ? "" : raw.strip().replaceAll("[\\s\\u00A0]+", " ");
        if (text.isEmpty()) {
            problems.add(at, "give the pupil's first name and surname");
            return null;
        }
        if (NOT_A_NAME.matcher(text).matches()) {
            problems.add(at, "'" + text + "' does not look like a pupil's name: write \"First Surname\"");
            return null;
        }
        if (text.contains(",")) {
            String[] parts = text.split(",", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                problems.add(
                        at,
                        "'" + text + "': write the name as \"First Surname\", or \"Surname, First\" as the school's "
                                + "system exports it (one comma)");
                return null;
            }
            String surname = parts[0].strip();
            String given = parts[1].strip();
            return new Name(given + " " + surname, given.split(" ").length);
        }
        if (text.split(" ").length < 2) {
            problems.add(at, "'" + text + "': give the pupil's first name and surname");
            return null;
        }
        return new Name(text, 1);
    }

    /** A school's own contact details from policy.yml, each checked. */
    static Policy.Allowed allowed(
            List<Located> phones,
            List<Located> emails,
            List<Located> addresses,
            Collection<String> regions,
            Problems problems) {
        List<String> p = new ArrayList<>();
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (Located l : phones) {
            boolean ok = false;
            for (String region : regions(regions)) {
                try {
                    ok |= util.isPossibleNumber(util.parse(l.value(), region));
                } catch (NumberParseException e) {
                    // try the next region
                }
            }
            if (ok) p.add(l.value().strip());
            else
                problems.add(
                        l.location(),
                        "'" + l.value() + "' is not a phone number in " + String.join(" or ", regions(regions))
                                + ": write the school's number as it is dialled, e.g. 0161 496 0000 or +34 954 123 456");
        }
        List<String> e = new ArrayList<>();
        for (Located l : emails) {
            if (EMAIL.matcher(l.value().strip()).matches()) e.add(l.value().strip());
            else
                problems.add(l.location(), "'" + l.value() + "' is not an e-mail address, e.g. office@oakfield.sch.uk");
        }
        List<String> a = new ArrayList<>();
        for (Located l : addresses) {
            String v = l.value().strip();
            if (v.chars().anyMatch(Character::isLetter) && v.length() <= 200) a.add(v);
            else
                problems.add(
                        l.location(),
                        "'" + l.value() + "' is not an address: write the school's street address or postcode");
        }
        return new Policy.Allowed(List.copyOf(p), List.copyOf(e), List.copyOf(a));
    }
}
