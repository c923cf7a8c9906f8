package org.staffroom.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.staffroom.chat.Rich;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;

/** What people write is shown literally on Discord: table of inputs and the markdown sent. */
class DiscordMarkdownTest {

    private static final String Z = "\u200B";

    static Stream<Arguments> plainText() {
        return Stream.of(
                Arguments.of("just words, numbers 42 and punctuation!", "just words, numbers 42 and punctuation!"),
                Arguments.of(
                        "**bold** _it_ ~~gone~~ `code` ||spoiler||",
                        "\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|"),
                Arguments.of("# Heading", "\\# Heading"),
                Arguments.of("-# small print", "\\-# small print"),
                Arguments.of("> quoted\n>>> block", "\\> quoted\n\\>>> block"),
                Arguments.of("- item\n+ item\n1. first\n  2) second", "\\- item\n\\+ item\n1\\. first\n  2\\) second"),
                Arguments.of("mid-line # and > and - stay", "mid-line # and > and - stay"),
                Arguments.of("[click](https://evil.example)", "\\[click\\](<https://evil.example>)"),
                Arguments.of("@everyone and @HERE", "@" + Z + "everyone and @" + Z + "HERE"),
                Arguments.of(
                        "<@123> <@!124> <@&456> <#789> </cmd:1>",
                        "<" + Z + "@123> <" + Z + "@!124> <" + Z + "@&456> <" + Z + "#789> <" + Z + "/cmd:1>"),
                Arguments.of("see https://example.org/a_b_c.", "see <https://example.org/a_b_c>."),
                Arguments.of("(https://example.org/x)", "(<https://example.org/x>)"),
                Arguments.of("a back\\slash", "a back\\\\slash"),
                Arguments.of("Jack O'Connor’s 5 < 6 > 4", "Jack O'Connor’s 5 < 6 > 4"));
    }

    @ParameterizedTest
    @MethodSource("plainText")
    void plainSpansAreEscaped(String written, String sent) {
        assertThat(DiscordMarkdown.render(Rich.of(written), false, new LinkedHashSet<>()))
                .isEqualTo(sent);
    }

    @Test
    void withUnfurlingOnUrlsAreLeftBare() {
        assertThat(DiscordMarkdown.render(Rich.of("see https://example.org/a_b"), true, new LinkedHashSet<>()))
                .isEqualTo("see https://example.org/a_b");
    }

    @Test
    void formattingSpansRenderAndEscapeTheirWords() {
        Set<String> pinged = new LinkedHashSet<>();
        Rich rich = Rich.of("Hi ")
                .bold(" team ")
                .italic("*really*")
                .text(" ")
                .code("a`b @everyone")
                .text(" ")
                .link("https://example.org/a b)", "the [plan]")
                .text(" ")
                .link("javascript:alert(1)", "click")
                .text(" ")
                .mention(new UserRef(Platform.DISCORD, "1", "502"), "Harry")
                .text(" ")
                .mention(new UserRef(Platform.SLACK, "T1", "U1"), "Amara_O")
                .text(" said:")
                .quote("line one\n# two")
                .text("after");

        assertThat(DiscordMarkdown.render(rich, false, pinged))
                .isEqualTo("Hi  **team** *\\*really\\** "
                        + "`` a`b @" + Z
                        + "everyone `` [the \\[plan\\]](<https://example.org/a%20b%29>) click <@502> @Amara\\_O said:\n"
                        + "> line one\n> \\# two\nafter");
        assertThat(pinged).containsExactly("502");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        assertThat(DiscordMarkdown.truncate("ab😀cd", 4)).isEqualTo("ab…");
        assertThat(DiscordMarkdown.truncate("short", 10)).isEqualTo("short");
    }
}
