package org.staffroom.drafts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.UserRef;
import org.staffroom.config.ConfigProblem;
import org.staffroom.config.ConsentRefused;
import org.staffroom.config.Person;
import org.staffroom.config.Role;
import org.staffroom.directory.Directory;

/**
 * A refused edit of consent.yml is told in chat, not only logged: the trust's admins get every
 * problem of the edit, each affected school's approvers the consent.yml lines kept out, all as
 * {@code file:line:col} messages, and whether the edit's good names took effect. Once per person
 * and refusal (keyed by the problems), so a re-read of the same bad edit says nothing new.
 */
@Component
record ConsentRefusalNotice(Chat chat, Directory directory, DraftMessages messages) {

    @EventListener
    void on(ConsentRefused refused) {
        Map<String, List<ConfigProblem>> told = new LinkedHashMap<>();
        for (Person admin : directory.peopleWithTrustWide(Role.ADMIN)) told.put(admin.id(), refused.problems());
        for (String school : refused.schools()) {
            for (Person approver : directory.peopleWith(Role.APPROVER, school)) {
                told.putIfAbsent(approver.id(), refused.consentProblems());
            }
        }
        String tag = Integer.toHexString(refused.problems().toString().hashCode());
        for (Map.Entry<String, List<ConfigProblem>> e : told.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            Optional<Person> person = directory.person(e.getKey());
            Optional<UserRef> account = person.flatMap(directory::account);
            if (account.isEmpty()) continue;
            Locale locale = directory.localeOf(person.get());
            Rich text = Rich.empty()
                    .bold(messages.t(
                            locale, "drafts.dm.consent-refused", e.getValue().size()))
                    .newline();
            for (ConfigProblem p : e.getValue()) text = text.code(p.toString()).newline();
            text = text.text(messages.t(
                    locale,
                    refused.namesApplied()
                            ? "drafts.dm.consent-refused.applied"
                            : "drafts.dm.consent-refused.unchanged"));
            chat.sendDirect(account.get(), Message.of(text), "drafts:consent-refused:" + tag + ":" + e.getKey());
        }
    }
}
