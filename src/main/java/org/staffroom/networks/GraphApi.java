package org.staffroom.networks;

import com.restfb.DebugHeaderInfo;
import com.restfb.DefaultFacebookClient;
import com.restfb.DefaultJsonMapper;
import com.restfb.DefaultWebRequestor;
import com.restfb.FacebookClient;
import com.restfb.FacebookEndpoints;
import com.restfb.Version;
import com.restfb.exception.FacebookException;
import com.restfb.exception.FacebookGraphException;
import com.restfb.exception.FacebookNetworkException;
import com.restfb.exception.FacebookOAuthException;
import java.time.Duration;
import java.util.Optional;
import org.staffroom.publishing.Connection;
import org.staffroom.publishing.NetworkException;

/** RestFB clients for the Graph API at the configured address, and Graph errors in plain words. */
final class GraphApi {

    static final Version VERSION = Version.VERSION_23_0;

    private GraphApi() {}

    static FacebookClient client(Connection account) {
        DefaultFacebookClient client =
                new DefaultFacebookClient(account.token(), new DefaultWebRequestor(), new DefaultJsonMapper(), VERSION);
        String base = account.baseUrl();
        client.setFacebookEndpointUrls(new FacebookEndpoints() {
            @Override
            public String getGraphEndpoint() {
                return base;
            }

            @Override
            public String getGraphVideoEndpoint() {
                return base;
            }
        });
        return client;
    }

    /**
     * Graph error codes: 4, 17, 32, 613, 80001 and 80002 rate limits, and 9 (subcode 2207042)
     * Instagram's 24-hour publishing limit; 324, 36003 and 9004 a photo refused; 190 (and other
     * OAuthExceptions) an expired or revoked token; transient errors and network failures retried.
     * The codes come first: Graph marks rate limits and photo errors as OAuthException too. A rate
     * limit waits as long as the answer's {@code X-Business-Use-Case-Usage} says
     * ({@code estimated_time_to_regain_access}, minutes), else a minute (an hour for the publishing
     * limit, which is over a day).
     */
    static NetworkException plain(String network, FacebookException e, FacebookClient client) {
        if (e instanceof FacebookNetworkException) {
            return new NetworkException(NetworkException.Reason.UNAVAILABLE, network + " could not be reached");
        }
        if (e instanceof FacebookGraphException g) {
            Integer code = g.getErrorCode();
            String what = g.getErrorUserMessage() != null ? g.getErrorUserMessage() : g.getErrorMessage();
            if (code != null
                    && (code == 4 || code == 17 || code == 32 || code == 613 || code == 80001 || code == 80002)) {
                return new NetworkException(
                        NetworkException.Reason.RATE_LIMITED,
                        network + " asks us to slow down (rate limit)",
                        regainAccess(client).orElse(Duration.ofMinutes(1)));
            }
            if (code != null && code == 9) {
                return new NetworkException(
                        NetworkException.Reason.RATE_LIMITED,
                        network + " has reached its limit of posts published through the API in 24 hours",
                        regainAccess(client).orElse(Duration.ofHours(1)));
            }
            if (code != null && (code == 324 || code == 36003 || code == 9004)) {
                return new NetworkException(
                        NetworkException.Reason.MEDIA_REFUSED, network + " refused a photo: " + what);
            }
            if (g instanceof FacebookOAuthException || (code != null && code == 190)) {
                return new NetworkException(
                        NetworkException.Reason.EXPIRED_TOKEN,
                        network + " refused the access token (" + what
                                + "): make a new Page token and put it in the account's token variable");
            }
            if (Boolean.TRUE.equals(g.getIsTransient()) || (code != null && (code == 1 || code == 2))) {
                return new NetworkException(
                        NetworkException.Reason.UNAVAILABLE, network + " had a passing problem: " + what);
            }
            return new NetworkException(NetworkException.Reason.REJECTED, network + " refused the post: " + what);
        }
        return new NetworkException(NetworkException.Reason.UNAVAILABLE, network + " answered something unexpected");
    }

    /** The longest {@code estimated_time_to_regain_access} in the last answer's Business Use Case header. */
    static Optional<Duration> regainAccess(FacebookClient client) {
        if (client == null || client.getWebRequestor() == null) return Optional.empty();
        DebugHeaderInfo info = client.getWebRequestor().getDebugHeaderInfo();
        if (info == null || info.getBusinessUseCaseUsage() == null) return Optional.empty();
        DebugHeaderInfo.BusinessUseCaseUsage usage = info.getBusinessUseCaseUsage();
        int minutes = 0;
        for (String id : usage.getBusinessIds()) {
            for (DebugHeaderInfo.InnerBusinessUseCaseUsage u : usage.get(id)) {
                if (u.getEstimatedTimeToRegainAccess() != null)
                    minutes = Math.max(minutes, u.getEstimatedTimeToRegainAccess());
            }
        }
        return minutes > 0 ? Optional.of(Duration.ofMinutes(minutes)) : Optional.empty();
    }
}
