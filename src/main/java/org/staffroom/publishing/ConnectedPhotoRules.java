package org.staffroom.publishing;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.staffroom.config.Approvals;
import org.staffroom.config.TrustConfig;
import org.staffroom.drafts.NetworkPhotoRules;

/**
 * Tells drafts the photo formats, sizes and alt-text requirement of the networks connected for a school (or the trust),
 * from each adapter's {@link NetworkRules}, as the configuration stands at the moment of the check:
 * a photo a connected network would refuse blocks the draft before approval.
 */
@Component
class ConnectedPhotoRules implements NetworkPhotoRules {

    private final TrustConfig config;
    private final java.util.Map<String, SocialNetwork> networks;

    ConnectedPhotoRules(TrustConfig config, List<SocialNetwork> networks) {
        this.config = config;
        this.networks = networks.stream().collect(Collectors.toMap(SocialNetwork::id, Function.identity()));
    }

    @Override
    public Optional<Rules> rules(String schoolId, Approvals.Target target, String network) {
        SocialNetwork adapter = networks.get(network);
        String owner = target == Approvals.Target.TRUST ? null : schoolId;
        if (adapter == null || config.get().publishing().account(owner, network).isEmpty()) return Optional.empty();
        NetworkRules r = adapter.rules();
        return Optional.of(new Rules(Publisher.label(network), r.formats(), r.maxPhotoBytes(), r.altRequired()));
    }
}
