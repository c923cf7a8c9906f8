package org.staffroom.slack;

import java.util.List;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.spi.GroupMembers;
import org.staffroom.config.Platform;

/**
 * The members of a Slack user group for the core (approvers reached through a group): the user ids
 * from usergroups.users.list and each one's name from users.info, both through {@link SlackPeople}
 * and its caches, so a change in Slack counts within a minute.
 */
@Component
@Conditional(SlackConditions.Configured.class)
class SlackGroups implements GroupMembers {

    private final SlackPeople people;

    SlackGroups(SlackPeople people) {
        this.people = people;
    }

    @Override
    public Platform platform() {
        return Platform.SLACK;
    }

    @Override
    public List<Member> members(String team, String groupId) {
        return people.groupMembers(team, groupId).stream()
                .sorted()
                .map(user -> new Member(user, people.name(team, user)))
                .toList();
    }
}
