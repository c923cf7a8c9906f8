package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ImageBlock;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.CheckboxesElement;
import com.slack.api.model.block.element.DatePickerElement;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.testing.FormFields;

/** Block Kit within Slack's limits, and forms as modals. */
class SlackBlocksTest {

    @Test
    void aLongTextIsSplitIntoSectionsAtLineEnds() {
        String line = "x".repeat(999) + "\n";
        List<LayoutBlock> blocks = SlackBlocks.message(Message.of(line.repeat(7)));

        assertThat(blocks).hasSize(3);
        blocks.forEach(b -> assertThat(((SectionBlock) b).getText().getText().length())
                .isLessThanOrEqualTo(SlackBlocks.SECTION_TEXT));
    }

    @Test
    void repeatedActionIdsAreMadeUniqueAndComeBackAsTheyWere() {
        Message m = Message.of("Two drafts")
                .withButton(Message.Button.of("approvals.approve", "Approve 1", "1"))
                .withButton(Message.Button.of("approvals.approve", "Approve 2", "2"));
        List<ButtonElement> buttons = ((ActionsBlock) SlackBlocks.message(m).get(1))
                .getElements().stream().map(ButtonElement.class::cast).toList();

        assertThat(buttons.get(0).getActionId()).isEqualTo("approvals.approve");
        assertThat(buttons.get(1).getActionId()).isEqualTo("approvals.approve#1");
        assertThat(SlackBlocks.actionId("approvals.approve#1")).isEqualTo("approvals.approve");
        assertThat(buttons.get(0).getStyle()).isNull();
    }

    @Test
    void manyFieldsAndButtonsAreGroupedWithinSlacksLimits() {
        Message m = Message.of("Many");
        for (int i = 0; i < 12; i++) m = m.withField("F" + i, Rich.of("v" + i));
        for (int i = 0; i < 30; i++) m = m.withButton(Message.Button.of("b" + i, "B" + i, "v"));
        List<LayoutBlock> blocks = SlackBlocks.message(m);

        assertThat(((SectionBlock) blocks.get(1)).getFields()).hasSize(10);
        assertThat(((SectionBlock) blocks.get(2)).getFields()).hasSize(2);
        assertThat(((ActionsBlock) blocks.get(3)).getElements()).hasSize(25);
        assertThat(((ActionsBlock) blocks.get(4)).getElements()).hasSize(5);
    }

    @Test
    void anImageThatIsNotOnTheWebIsLeftOut() {
        List<LayoutBlock> blocks = SlackBlocks.message(
                Message.of("Pic").withImage("file:///etc/passwd", "x").withImage("https://example.org/a.png", null));

        assertThat(blocks).hasSize(2);
        assertThat(((ImageBlock) blocks.get(1)).getAltText()).isEqualTo("image");
    }

    @Test
    void aFormBecomesAModalWithItsContextInPrivateMetadata() {
        Form form = new Form(
                "drafts.revise",
                "Revise the draft for the newsletter",
                "Send it",
                "draft-42",
                List.of(
                        FormFields.choices(
                                "ok", "Parents agreed", Form.FormField.Kind.CHECKBOX, true, List.of(), List.of("true")),
                        FormFields.date("when", "When", false, List.of(), "Pick a day")));
        String metadata = new SlackEventMapper.FormMetadata(form.formId(), form.context(), "slack:T0:C1").encode();
        View view = SlackBlocks.modal(form, metadata, "Cancel");

        assertThat(view.getTitle().getText()).hasSize(24).endsWith("…");
        assertThat(SlackEventMapper.FormMetadata.parse(view.getPrivateMetadata(), "x"))
                .isEqualTo(new SlackEventMapper.FormMetadata("drafts.revise", "draft-42", "slack:T0:C1"));
        CheckboxesElement checkbox =
                (CheckboxesElement) ((InputBlock) view.getBlocks().get(0)).getElement();
        assertThat(checkbox.getInitialOptions()).hasSize(1);
        DatePickerElement date =
                (DatePickerElement) ((InputBlock) view.getBlocks().get(1)).getElement();
        assertThat(date.getPlaceholder().getText()).isEqualTo("Pick a day");
        assertThat(date.getInitialDate()).isNull();
    }

    @Test
    void foreignPrivateMetadataFallsBackToTheCallbackId() {
        assertThat(SlackEventMapper.FormMetadata.parse("draft-7", "drafts.review"))
                .isEqualTo(new SlackEventMapper.FormMetadata("drafts.review", "", null));
    }

    /**
     * The JSON Slack receives is the one the hand-built Gson sent before the typed model: the
     * expected files were written by that code. {@code multiline: false} and
     * {@code delete_original: false}, which the model always writes, are Slack's defaults.
     */
    @Test
    void theJsonSlackReceivesIsTheSameAsBefore() throws IOException {
        assertThat(wire(SlackBlocks.message(sample()))).isEqualTo(expected("message"));
        assertThat(wire(SlackBlocks.ephemeral(sample()))).isEqualTo(expected("ephemeral"));
        assertThat(wire(SlackBlocks.home(Message.of("")))).isEqualTo(expected("home"));
        assertThat(wire(SlackBlocks.modal(everyKindOfField(), "meta", "Cancel")))
                .isEqualTo(expected("modal"));
        assertThat(wire(SlackBlocks.modal(aDate(), "meta", "Cancel"))).isEqualTo(expected("date"));

        JsonObject reply = expected("ephemeral").getAsJsonObject();
        reply.addProperty("replace_original", false);
        assertThat(withoutDefaults(JsonParser.parseString(SlackBlocks.ephemeralReply(sample()))))
                .isEqualTo(reply);
    }

    private static Message sample() {
        return Message.of("Hello *world* & <friends>\nsecond line")
                .withField("Due", Rich.of("Friday"))
                .withField(" ", Rich.of("no label"))
                .withImage("file:///etc/passwd", "x")
                .withImage("https://example.org/a.png", "A chart")
                .withButton(new Message.Button("approvals.approve", "Approve", "42", Message.Button.Style.PRIMARY))
                .withButton(new Message.Button("approvals.reject", "Reject", null, Message.Button.Style.DANGER))
                .withButton(Message.Button.of("approvals.approve", "Approve again", "43"))
                .withFooter(Rich.of("Sent by Staffroom"));
    }

    private static Form everyKindOfField() {
        List<Form.Choice> people = List.of(new Form.Choice("a", "Anna"), new Form.Choice("b", "Ben"));
        List<Form.Choice> tags = List.of(new Form.Choice("x", "X"), new Form.Choice("y", "Y"));
        return new Form(
                "drafts.revise",
                "Revise",
                "Send",
                "draft-1",
                List.of(
                        new Form.FormField(
                                "title",
                                "Title",
                                Form.FormField.Kind.SHORT_TEXT,
                                true,
                                List.of(),
                                List.of("Old"),
                                "A title",
                                80),
                        new Form.FormField(
                                "body", "Body", Form.FormField.Kind.LONG_TEXT, false, List.of(), List.of(), null, 0),
                        new Form.FormField(
                                "who", "Who", Form.FormField.Kind.SELECT, true, people, List.of("b"), "Pick", 0),
                        new Form.FormField(
                                "tags",
                                "Tags",
                                Form.FormField.Kind.MULTI_SELECT,
                                false,
                                tags,
                                List.of("x", "y"),
                                null,
                                0),
                        new Form.FormField(
                                "ok",
                                "Agreed",
                                Form.FormField.Kind.CHECKBOX,
                                true,
                                List.of(),
                                List.of("true"),
                                "ignored",
                                0)));
    }

    private static Form aDate() {
        return new Form(
                "f",
                "T",
                "S",
                "",
                List.of(new Form.FormField(
                        "when",
                        "When",
                        Form.FormField.Kind.DATE,
                        false,
                        List.of(),
                        List.of("2026-12-08"),
                        "Pick a day",
                        0)));
    }

    private static JsonElement wire(Object model) {
        return withoutDefaults(JsonParser.parseString(SlackBlocks.json(model)));
    }

    private static JsonElement expected(String name) throws IOException {
        try (InputStream in = SlackBlocksTest.class.getResourceAsStream("/slack-blocks/" + name + ".json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static JsonElement withoutDefaults(JsonElement e) {
        if (e.isJsonArray()) e.getAsJsonArray().forEach(SlackBlocksTest::withoutDefaults);
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (String key : List.of("multiline", "delete_original")) {
                if (o.has(key) && !o.get(key).getAsBoolean()) o.remove(key);
            }
            o.entrySet().forEach(entry -> withoutDefaults(entry.getValue()));
        }
        return e;
    }
}
