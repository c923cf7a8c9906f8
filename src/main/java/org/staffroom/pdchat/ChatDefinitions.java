package org.staffroom.pdchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Directory;

/**
 * Every chat there is: those in chats.yml (the config in force) and those coordinators scheduled
 * with /pdchat schedule (stored in {@link ChatDefinitionStore}). A stored chat never shadows one from the config.
 */
@Component
class ChatDefinitions {

    private final ChatDefinitionStore store;
    private final TrustConfig config;
    private final Directory directory;

    ChatDefinitions(ChatDefinitionStore store, TrustConfig config, Directory directory) {
        this.store = store;
        this.config = config;
        this.directory = directory;
    }

    List<PdChatDef> all() {
        List<PdChatDef> out = new ArrayList<>(config.get().chats());
        Set<String> ids = out.stream().map(PdChatDef::id).collect(Collectors.toSet());
        for (PdChatDef stored : store.all()) {
            if (!ids.contains(stored.id())) out.add(stored);
        }
        return out;
    }

    Optional<PdChatDef> byId(String id) {
        return all().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The host's name: from people.yml, else as recorded when the chat was scheduled. */
    String hostName(PdChatDef def) {
        return directory
                .person(def.hostId())
                .map(p -> p.name())
                .or(() -> store.hostName(def.id()))
                .orElse(def.hostId());
    }

    boolean exists(String chatId) {
        return byId(chatId).isPresent();
    }

    void add(PdChatDef def, String hostName, String createdBy, Instant at) {
        store.add(def, hostName, createdBy, at);
    }
}
