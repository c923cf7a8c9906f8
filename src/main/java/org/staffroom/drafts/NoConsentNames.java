package org.staffroom.drafts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds pupils from a school's no-media-consent list in a text: by full name ("Zoë Adebayo"), or
 * by first name and surname initial ("Zoe A." or "Zoe A"), whole words only, ignoring case and
 * accents. An initial counts when written as an initial: a capital letter or a letter followed
 * by a full stop, so "gave Zoe a medal" is not taken for "Zoe A.". Names with several parts
 * ("José García López") are tried at every split between given names and surnames.
 */
final class NoConsentNames {

    private NoConsentNames() {
    }

    /** A name found: the entry from consent.yml and the words in the text that matched. */
    record Match(String name, String found) {
    }

    static List<Match> find(String text, List<String> names) {
        List<Words.Token> tokens = Words.tokens(text);
        Map<String, Match> out = new LinkedHashMap<>();
        for (String name : names) {
            List<List<String>> parts = new ArrayList<>();
            for (String part : name.trim().split("\\s+")) {
                List<String> p = Words.phrase(part);
                if (!p.isEmpty()) parts.add(p);
            }
            if (parts.size() < 2) continue;
            List<String> full = parts.stream().flatMap(List::stream).toList();
            for (int at : Words.find(tokens, full)) {
                out.putIfAbsent(name, new Match(name, text.substring(tokens.get(at).start(), tokens.get(at + full.size() - 1).end())));
            }
            if (out.containsKey(name)) continue;
            for (int k = 1; k < parts.size() && !out.containsKey(name); k++) {
                List<String> given = parts.subList(0, k).stream().flatMap(List::stream).toList();
                String initial = parts.get(k).get(0).substring(0, 1);
                for (int at : Words.find(tokens, given)) {
                    int i = at + given.size();
                    if (i >= tokens.size()) continue;
                    Words.Token t = tokens.get(i);
                    if (!t.norm().equals(initial) || t.end() - t.start() != 1) continue;
                    boolean capital = Character.isUpperCase(text.charAt(t.start()));
                    boolean stop = t.end() < text.length() && text.charAt(t.end()) == '.';
                    if (capital || stop) {
                        out.put(name, new Match(name, text.substring(tokens.get(at).start(), t.end() + (stop ? 1 : 0))));
                        break;
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** True if two spellings are the same name for matching purposes (Zoë Adebayo = zoe  ADEBAYO). */
    static boolean same(String a, String b) {
        return Words.phrase(a).equals(Words.phrase(b));
    }
}
