package org.staffroom.pdchat.tags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class HashtagsTest {

    @Test
    void findsWholeTagsInOrderOnceEachInAnyScript() {
        assertThat(Hashtags.find("#Phonics and #EYFS, then #phonics again; #educación física #año2026"))
                .containsExactly("#Phonics", "#EYFS", "#educación", "#año2026");
    }

    @Test
    void linksAddressesAndEntitiesAreNotTags() {
        assertThat(Hashtags.find("https://x.org/#top www.school.org/#a ben#b@x.org &#39; <#C123|pd> x#y #1 # alone")).isEmpty();
    }

    @Test
    void aTagIsMatchedWholeAndWithoutCase() {
        assertThat(Hashtags.carries("Loving #NWTchat tonight", "#nwtchat")).isTrue();
        assertThat(Hashtags.carries("Loving #NWTchat2 tonight", "#NWTchat")).isFalse();
    }

    @Test
    void typedTagsAreReadWithOrWithoutTheirHash() {
        assertThat(Hashtags.parse(" #Phonics ")).contains("#Phonics");
        assertThat(Hashtags.parse("phonics")).contains("#phonics");
        assertThat(Hashtags.parse("#two words")).isEmpty();
        assertThat(Hashtags.parse("#")).isEmpty();
        assertThat(Hashtags.key("#Phonics")).isEqualTo("#phonics");
        assertThat(List.of(Hashtags.key("EYFS"))).containsExactly("#eyfs");
    }
}
