package org.staffroom.publishing;

/**
 * One account to publish to, with its token read from the environment at the moment of use.
 * The token is never stored and never printed: {@link #toString()} leaves it out.
 *
 * @param account the Page id, Instagram user id, Bluesky handle or Mastodon account name
 * @param baseUrl the network's API address, without a trailing slash
 * @param token   the access token (Bluesky: the app password)
 */
public record Connection(String network, String account, String baseUrl, String token) {
    @Override
    public String toString() {
        return "Connection[" + network + " " + account + " at " + baseUrl + "]";
    }
}
