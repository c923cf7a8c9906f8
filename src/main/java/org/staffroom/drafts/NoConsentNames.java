package org.staffroom.drafts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds pupils from a school's no-media-consent list in a text, read through {@link NameText}
 * (so invisible characters, look-alike letters, full-width or "bold" letters, case, accents,
 * apostrophes, hashtags, handles and line breaks make no difference).
 *
 * <p>What blocks: the full name; any given name with any later part of the name ("Lily Smith" for
 * Lily Smith-Jones, "José García" for José García López, "Amelia Turner" for Amelia Rose Turner);
 * an initial with a later part ("Z. Adebayo"). What only warns, shown to approvers on the review
 * card: the first name with an initial ("Zoe A.") and the first name alone ("Zoe"). A register's
 * "ADEBAYO, Zoe" (surname in capitals first) blocks too. An initial is
 * shared by too many people to block on: "Grace L." is as likely the teacher Grace Lin as the
 * listed pupil Grace Lewis, and an approver who knows the school can tell; blocking would teach
 * staff to distrust the check. A name is never matched across a sentence end ("Well done Zoe.
 * A fantastic effort!"), and a name made of everyday words ("Will Read", "Summer Day") only where
 * it is written as a name (see ordinary-words.txt).
 */
final class NoConsentNames {

    private NoConsentNames() {}

    /** A name found: the entry from consent.yml and the words in the text that matched. */
    record Match(String name, String found) {}

    /** How sure a match is. */
    enum Strength {
        BLOCK,
        WARN_INITIAL,
        WARN_FIRST_NAME
    }

    /** A name found, with how sure the match is. */
    record Hit(String name, String found, Strength strength) {}

    /** Particles that are part of a surname but never a name on their own ("de la Cruz", "van Dijk"). */
    private static final Set<String> PARTICLES = Set.of(
            "de", "del", "la", "las", "los", "da", "das", "do", "dos", "di", "du", "van", "von", "der", "den", "le",
            "y", "e", "ten", "ter", "bin", "ibn", "al", "el");

    static final Set<String> ORDINARY = loadOrdinary();

    /** The pupils named for certain: what blocks a draft. */
    static List<Match> find(String text, List<String> names) {
        List<Match> out = new ArrayList<>();
        for (Hit h : hits(text, names)) if (h.strength() == Strength.BLOCK) out.add(new Match(h.name(), h.found()));
        return out;
    }

    /** Every pupil the text names or may name: at most one hit per listed name, the surest. */
    static List<Hit> hits(String text, List<String> names) {
        List<NameText.Word> words = NameText.words(text);
        if (words.isEmpty() || names.isEmpty()) return List.of();
        // Forms indexed by how their first slot starts: one letter for an initial, else two, so each
        // word of the text is tried only against the few forms it could begin.
        Map<String, List<Form>> forms = new HashMap<>();
        for (String name : new LinkedHashSet<>(names)) {
            for (Form f : forms(name))
                forms.computeIfAbsent(prefix(f.slots().get(0)), k -> new ArrayList<>())
                        .add(f);
        }
        Map<String, Hit> out = new LinkedHashMap<>();
        boolean[] covered = new boolean[words.size()];
        for (Strength pass : Strength.values()) {
            for (int p = 0; p < words.size(); p++) {
                if (pass != Strength.BLOCK && covered[p]) continue;
                for (Form f : candidates(forms, words, p)) {
                    if (f.strength() != pass) continue;
                    Hit known = out.get(f.name());
                    if (known != null && known.strength().ordinal() < pass.ordinal()) continue;
                    int end = match(words, p, f);
                    if (end < 0) continue;
                    if (pass == Strength.BLOCK) for (int k = p; k < end; k++) covered[k] = true;
                    if (known == null) {
                        String found = text.substring(
                                words.get(p).start(),
                                words.get(end - 1).end()
                                        + (f.slots().get(f.slots().size() - 1).initial()
                                                        && words.get(end - 1).stopAfter()
                                                ? 1
                                                : 0));
                        out.put(f.name(), new Hit(f.name(), found, pass));
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String prefix(Slot slot) {
        return slot.initial()
                ? "." + slot.text()
                : slot.text().substring(0, Math.min(2, slot.text().length()));
    }

    private static List<Form> candidates(Map<String, List<Form>> forms, List<NameText.Word> words, int p) {
        String key = words.get(p).key();
        List<Form> out = new ArrayList<>();
        if (key.length() == 1) {
            out.addAll(forms.getOrDefault("." + key, List.of()));
            out.addAll(forms.getOrDefault(key, List.of()));
            if (p + 1 < words.size() && words.get(p + 1).before() != NameText.Gap.BREAK) {
                out.addAll(forms.getOrDefault(key + words.get(p + 1).key().charAt(0), List.of()));
            }
            return out;
        }
        return forms.getOrDefault(key.substring(0, 2), List.of());
    }

    /** True if two spellings are the same name for matching purposes (Zoë Adebayo = zoe  ADEBAYO). */
    static boolean same(String a, String b) {
        return String.join("", NameText.keys(a)).equals(String.join("", NameText.keys(b)))
                && NameText.keys(a).size() == NameText.keys(b).size();
    }

    // ------------------------------------------------------------------ forms of a name

    /** One part of a form: a name part (matched against one or more words of the text), or an initial. */
    record Slot(String text, boolean initial) {}

    /** A way of writing a name; {@code reversed} is the register style "ADEBAYO, Zoe" (surname in capitals first). */
    record Form(String name, List<Slot> slots, Strength strength, boolean reversed) {
        Form(String name, List<Slot> slots, Strength strength) {
            this(name, slots, strength, false);
        }
    }

    private static final Map<String, List<Form>> FORMS = new java.util.concurrent.ConcurrentHashMap<>();

    static List<Form> forms(String name) {
        List<Form> cached = FORMS.get(name);
        if (cached != null) return cached;
        List<Form> built = build(name);
        if (FORMS.size() > 5_000) FORMS.clear();
        FORMS.put(name, built);
        return built;
    }

    private static List<Form> build(String name) {
        // Each space-separated word of the entry, as its hyphen-separated pieces' keys.
        List<List<String>> words = new ArrayList<>();
        for (String w : name.trim().split("[\\s\\u00A0]+")) {
            List<String> pieces = new ArrayList<>();
            for (String piece : w.split("[-‐‑_]+")) {
                String k = String.join("", NameText.keys(piece));
                if (!k.isEmpty()) pieces.add(k);
            }
            if (!pieces.isEmpty()) words.add(pieces);
        }
        List<Form> out = new ArrayList<>();
        Set<List<Slot>> seen = new HashSet<>();
        if (words.isEmpty()) return out;
        List<Integer> sig = new ArrayList<>();
        for (int i = 0; i < words.size(); i++)
            if (!(words.get(i).size() == 1 && PARTICLES.contains(words.get(i).get(0)))) sig.add(i);
        if (sig.isEmpty()) return out;
        String all = words.stream().map(p -> String.join("", p)).reduce("", String::concat);
        if (words.size() >= 2) add(out, seen, name, Strength.BLOCK, new Slot(all, false));
        for (int a = 0; a < sig.size(); a++) {
            for (int b = a + 1; b < sig.size(); b++) {
                int i = sig.get(a);
                int j = sig.get(b);
                for (String vi : variants(words.get(i))) {
                    for (String vj : surnameVariants(words, j))
                        add(out, seen, name, Strength.BLOCK, new Slot(vi, false), new Slot(vj, false));
                }
                String initial = words.get(i).get(0).substring(0, 1);
                for (String vj : surnameVariants(words, j))
                    add(out, seen, name, Strength.BLOCK, new Slot(initial, true), new Slot(vj, false));
            }
        }
        int first = sig.get(0);
        for (int b = 1; b < sig.size(); b++) {
            for (String vj : surnameVariants(words, sig.get(b))) {
                for (String v : variants(words.get(first))) {
                    List<Slot> slots = List.of(new Slot(vj, false), new Slot(v, false));
                    if (!vj.isEmpty()
                            && !v.isEmpty()
                            && seen.add(List.of(new Slot("reversed", true), slots.get(0), slots.get(1)))) {
                        out.add(new Form(name, slots, Strength.BLOCK, true));
                    }
                }
            }
        }
        for (int b = 1; b < sig.size(); b++) {
            String initial = words.get(sig.get(b)).get(0).substring(0, 1);
            for (String v : variants(words.get(first)))
                add(out, seen, name, Strength.WARN_INITIAL, new Slot(v, false), new Slot(initial, true));
        }
        List<String> firstPieces = words.get(first);
        add(out, seen, name, Strength.WARN_FIRST_NAME, new Slot(String.join("", firstPieces), false));
        add(out, seen, name, Strength.WARN_FIRST_NAME, new Slot(firstPieces.get(0), false));
        return List.copyOf(out);
    }

    private static void add(List<Form> out, Set<List<Slot>> seen, String name, Strength strength, Slot... slots) {
        List<Slot> list = List.of(slots);
        for (Slot s : list) if (s.text().isEmpty()) return;
        if (seen.add(list)) out.add(new Form(name, list, strength));
    }

    /** A word as a whole ("miarose") and each of its pieces ("mia", "rose"). */
    private static Set<String> variants(List<String> pieces) {
        Set<String> out = new LinkedHashSet<>();
        out.add(String.join("", pieces));
        if (pieces.size() > 1) for (String p : pieces) if (p.length() >= 2) out.add(p);
        return out;
    }

    /** A later word's variants, also with the particles written before it ("de la Cruz"). */
    private static Set<String> surnameVariants(List<List<String>> words, int j) {
        Set<String> out = variants(words.get(j));
        StringBuilder particles = new StringBuilder();
        for (int k = j - 1;
                k >= 0
                        && words.get(k).size() == 1
                        && PARTICLES.contains(words.get(k).get(0));
                k--) {
            particles.insert(0, words.get(k).get(0));
        }
        if (!particles.isEmpty()) out.add(particles + String.join("", words.get(j)));
        return out;
    }

    // ------------------------------------------------------------------ matching

    /** Where a form matches from word {@code p}: the index after its last word, or -1. */
    private static int match(List<NameText.Word> words, int p, Form f) {
        int q = p;
        List<Slot> slots = f.slots();
        for (int s = 0; s < slots.size(); s++) {
            Slot slot = slots.get(s);
            if (q >= words.size()) return -1;
            NameText.Word w = words.get(q);
            if (s > 0 && (w.before() == NameText.Gap.BREAK || (w.before() == NameText.Gap.COMMA && !f.reversed())))
                return -1;
            if (slot.initial()) {
                if (!w.singleLetter() || !w.key().equals(slot.text())) return -1;
                if (!w.stopAfter() && w.written() != NameText.Case.TITLE) return -1;
                q++;
                continue;
            }
            if (s > 0
                    && w.before() == NameText.Gap.INITIAL_STOP
                    && !slots.get(s - 1).initial()) return -1;
            String want = slot.text();
            int at = 0;
            boolean last = s == slots.size() - 1;
            while (true) {
                if (q >= words.size()) return -1;
                w = words.get(q);
                if (at > 0
                        && (w.before() == NameText.Gap.BREAK
                                || w.before() == NameText.Gap.COMMA
                                || w.before() == NameText.Gap.INITIAL_STOP)) return -1;
                String k = w.key();
                if (want.startsWith(k, at)) {
                    at += k.length();
                    q++;
                    if (at == want.length()) break;
                } else if (last
                        && want.length() >= 3
                        && k.length() == want.length() - at + 1
                        && k.endsWith("s")
                        && want.startsWith(k.substring(0, k.length() - 1), at)) {
                    q++; // "Adebayos" without the apostrophe
                    break;
                } else {
                    return -1;
                }
            }
        }
        // Surname first only as a register writes it: the surname in capitals ("ADEBAYO, Zoe"), so a
        // list such as "Brown, Olivia and Sam" is not read as Olivia Brown.
        if (f.reversed() && words.get(p).written() != NameText.Case.UPPER) return -1;
        return writtenAsName(words, p, q, f) ? q : -1;
    }

    /**
     * Everyday words in a match must be written as a name: capitalised (and, for a first name on
     * its own, not just because a sentence starts with it), in a hashtag or handle, or written
     * the same way as a part of the match that is not an everyday word ("olivia brown").
     */
    private static boolean writtenAsName(List<NameText.Word> words, int from, int to, Form f) {
        boolean alone = to - from == 1 && f.slots().size() == 1;
        for (int k = from; k < to; k++) {
            NameText.Word w = words.get(k);
            if (w.singleLetter() || !ORDINARY.contains(w.key()) || w.tag()) continue;
            // A capitalised everyday first name on its own is a name unless a sentence starts with it or
            // it begins a longer proper noun ("Summer Drive", "Will Power Week").
            boolean properNoun = alone
                    && to < words.size()
                    && words.get(to).before() == NameText.Gap.SPACE
                    && words.get(to).written() == NameText.Case.TITLE;
            if (w.written() == NameText.Case.TITLE && !(alone && (w.sentenceStart() || properNoun))) continue;
            boolean sameAsName = false;
            for (int m = from; m < to && !sameAsName; m++) {
                NameText.Word u = words.get(m);
                sameAsName = !u.singleLetter() && !ORDINARY.contains(u.key()) && u.written() == w.written();
            }
            if (!sameAsName) return false;
        }
        return true;
    }

    private static Set<String> loadOrdinary() {
        Set<String> out = new HashSet<>();
        try (InputStream in = NoConsentNames.class.getResourceAsStream("/privacy/ordinary-words.txt")) {
            if (in == null) throw new IllegalStateException("privacy/ordinary-words.txt is missing from the build");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                out.add(String.join("", NameText.keys(line)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
