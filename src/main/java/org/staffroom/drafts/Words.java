package org.staffroom.drafts;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into words for matching names and phrases the way a person reads them: case and
 * accents do not matter (Zoë = ZOE), an apostrophe inside a word is ignored (O’Connor = O'Connor
 * = OConnor), a possessive ’s is dropped (Adebayo’s = Adebayo), and hyphens separate words
 * (Mia-Rose = Mia Rose). Matching is by whole words only, so "Brown" never matches "Browning".
 */
final class Words {

    private Words() {}

    /** A word: its folded form and where it sits in the original text. */
    record Token(String norm, int start, int end) {}

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        if (text == null) return out;
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!wordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            int end = i;
            StringBuilder sb = new StringBuilder();
            while (i < n) {
                cp = text.codePointAt(i);
                if (wordChar(cp)) {
                    sb.appendCodePoint(cp);
                    i += Character.charCount(cp);
                    end = i;
                } else if (apostrophe(cp) && i + 1 < n && Character.isLetter(text.codePointAt(i + 1))) {
                    int next = i + 1;
                    int afterS = next + Character.charCount(text.codePointAt(next));
                    boolean possessive = (text.charAt(next) == 's' || text.charAt(next) == 'S')
                            && (afterS >= n || !wordChar(text.codePointAt(afterS)));
                    if (possessive) {
                        i = afterS;
                        break;
                    }
                    i = next; // O'Connor: the apostrophe joins, it is not part of the word
                } else {
                    break;
                }
            }
            String norm = fold(sb.toString());
            if (!norm.isEmpty()) out.add(new Token(norm, start, end));
        }
        return out;
    }

    /** The folded words of a phrase, e.g. a name from consent.yml or a blocked phrase from policy.yml. */
    static List<String> phrase(String text) {
        return tokens(text).stream().map(Token::norm).toList();
    }

    /** Where {@code phrase} occurs in {@code text} as whole words: indexes of its first token. */
    static List<Integer> find(List<Token> text, List<String> phrase) {
        List<Integer> out = new ArrayList<>();
        if (phrase.isEmpty()) return out;
        for (int i = 0; i + phrase.size() <= text.size(); i++) {
            boolean all = true;
            for (int j = 0; j < phrase.size(); j++) {
                if (!text.get(i + j).norm().equals(phrase.get(j))) {
                    all = false;
                    break;
                }
            }
            if (all) out.add(i);
        }
        return out;
    }

    /** Lower case without accents; a few letters that do not decompose are spelled out. */
    static String fold(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        if (d.chars().allMatch(c -> c < 128)) return d;
        return d.replace("ß", "ss")
                .replace("æ", "ae")
                .replace("œ", "oe")
                .replace("ø", "o")
                .replace("ł", "l")
                .replace("đ", "d")
                .replace("ð", "d")
                .replace("þ", "th")
                .replace("ı", "i");
    }

    static boolean wordChar(int cp) {
        return Character.isLetterOrDigit(cp)
                || Character.getType(cp) == Character.NON_SPACING_MARK
                || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
    }

    static boolean apostrophe(int cp) {
        return cp == '\'' || cp == '’' || cp == '‘' || cp == 'ʼ' || cp == '`' || cp == '´';
    }
}
