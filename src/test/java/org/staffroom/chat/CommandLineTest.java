package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.staffroom.config.Role;

/** What a person types after a slash command on Slack or in the sandbox, parsed against the command's spec. */
class CommandLineTest {

    static final CommandSpec QOTD = new CommandSpec(
            "qotd",
            "d",
            List.of(
                    CommandSpec.Subcommand.of(
                            "now",
                            "d",
                            Role.COORDINATOR,
                            CommandSpec.Option.of("schools", "d", CommandSpec.Option.Type.SCHOOLS, false),
                            CommandSpec.Option.text("text", "d", false)),
                    CommandSpec.Subcommand.of(
                            "pin",
                            "d",
                            Role.COORDINATOR,
                            CommandSpec.Option.of("id", "d", CommandSpec.Option.Type.WORD, true),
                            CommandSpec.Option.of("date", "d", CommandSpec.Option.Type.DATE, true)),
                    CommandSpec.Subcommand.of("upcoming", "d", Role.TEACHER)));

    static final CommandSpec TAG = new CommandSpec(
            "tag",
            "d",
            List.of(CommandSpec.Subcommand.of(
                    "",
                    "d",
                    Role.TEACHER,
                    CommandSpec.Option.of("hashtag", "d", CommandSpec.Option.Type.HASHTAG, true))));

    @Test
    void subcommandFlagsAndFreeText() {
        var p = CommandLine.parse(QOTD, "now --schools oakfield,sevilla What made you smile today?");
        assertThat(p.subcommand()).isEqualTo("now");
        assertThat(p.options()).isEqualTo(Map.of("schools", "oakfield,sevilla", "text", "What made you smile today?"));
    }

    @Test
    void flagsMayComeAfterTheTextAndUseEquals() {
        var p = CommandLine.parse(QOTD, "now What made you smile? --schools=hillcrest");
        assertThat(p.options()).containsEntry("schools", "hillcrest").containsEntry("text", "What made you smile?");
    }

    @Test
    void requiredOptionsByPosition() {
        var p = CommandLine.parse(QOTD, "pin q012 2026-12-03");
        assertThat(p.options()).isEqualTo(Map.of("id", "q012", "date", "2026-12-03"));
    }

    @Test
    void subcommandsAreCaseInsensitiveAndUnknownOnesAreLeftToHelp() {
        assertThat(CommandLine.parse(QOTD, "UPCOMING").subcommand()).isEqualTo("upcoming");
        var unknown = CommandLine.parse(QOTD, "tomorrow please");
        assertThat(unknown.subcommand()).isEmpty();
        assertThat(unknown.text()).isEqualTo("tomorrow please");
        assertThat(CommandLine.parse(QOTD, "").subcommand()).isEmpty();
    }

    @Test
    void aCommandWithoutSubcommandsTakesItsOptionsDirectly() {
        var p = CommandLine.parse(TAG, "#phonics");
        assertThat(p.subcommand()).isEmpty();
        assertThat(p.options()).isEqualTo(Map.of("hashtag", "#phonics"));
    }
}
