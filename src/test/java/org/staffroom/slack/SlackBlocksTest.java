package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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
        JsonArray blocks = SlackBlocks.message(Message.of(line.repeat(7)));

        assertThat(blocks).hasSize(3);
        blocks.forEach(b -> assertThat(b.getAsJsonObject()
                        .getAsJsonObject("text")
                        .get("text")
                        .getAsString()
                        .length())
                .isLessThanOrEqualTo(SlackBlocks.SECTION_TEXT));
    }

    @Test
    void repeatedActionIdsAreMadeUniqueAndComeBackAsTheyWere() {
        Message m = Message.of("Two drafts")
                .withButton(Message.Button.of("approvals.approve", "Approve 1", "1"))
                .withButton(Message.Button.of("approvals.approve", "Approve 2", "2"));
        JsonArray elements = SlackBlocks.message(m).get(1).getAsJsonObject().getAsJsonArray("elements");

        assertThat(elements.get(0).getAsJsonObject().get("action_id").getAsString())
                .isEqualTo("approvals.approve");
        assertThat(elements.get(1).getAsJsonObject().get("action_id").getAsString())
                .isEqualTo("approvals.approve#1");
        assertThat(SlackBlocks.actionId("approvals.approve#1")).isEqualTo("approvals.approve");
        assertThat(elements.get(0).getAsJsonObject().has("style")).isFalse();
    }

    @Test
    void manyFieldsAndButtonsAreGroupedWithinSlacksLimits() {
        Message m = Message.of("Many");
        for (int i = 0; i < 12; i++) m = m.withField("F" + i, Rich.of("v" + i));
        for (int i = 0; i < 30; i++) m = m.withButton(Message.Button.of("b" + i, "B" + i, "v"));
        JsonArray blocks = SlackBlocks.message(m);

        assertThat(blocks.get(1).getAsJsonObject().getAsJsonArray("fields")).hasSize(10);
        assertThat(blocks.get(2).getAsJsonObject().getAsJsonArray("fields")).hasSize(2);
        assertThat(blocks.get(3).getAsJsonObject().getAsJsonArray("elements")).hasSize(25);
        assertThat(blocks.get(4).getAsJsonObject().getAsJsonArray("elements")).hasSize(5);
    }

    @Test
    void anImageThatIsNotOnTheWebIsLeftOut() {
        JsonArray blocks = SlackBlocks.message(
                Message.of("Pic").withImage("file:///etc/passwd", "x").withImage("https://example.org/a.png", null));

        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(1).getAsJsonObject().get("alt_text").getAsString())
                .isEqualTo("image");
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
        JsonObject view = SlackBlocks.modal(form, metadata, "Cancel");

        assertThat(view.getAsJsonObject("title").get("text").getAsString())
                .hasSize(24)
                .endsWith("…");
        assertThat(SlackEventMapper.FormMetadata.parse(
                        view.get("private_metadata").getAsString(), "x"))
                .isEqualTo(new SlackEventMapper.FormMetadata("drafts.revise", "draft-42", "slack:T0:C1"));
        JsonObject checkbox =
                view.getAsJsonArray("blocks").get(0).getAsJsonObject().getAsJsonObject("element");
        assertThat(checkbox.get("type").getAsString()).isEqualTo("checkboxes");
        assertThat(checkbox.getAsJsonArray("initial_options")).hasSize(1);
        JsonObject date = view.getAsJsonArray("blocks").get(1).getAsJsonObject().getAsJsonObject("element");
        assertThat(date.getAsJsonObject("placeholder").get("text").getAsString())
                .isEqualTo("Pick a day");
        assertThat(date.has("initial_date")).isFalse();
    }

    @Test
    void foreignPrivateMetadataFallsBackToTheCallbackId() {
        assertThat(SlackEventMapper.FormMetadata.parse("draft-7", "drafts.review"))
                .isEqualTo(new SlackEventMapper.FormMetadata("drafts.review", "", null));
    }
}
