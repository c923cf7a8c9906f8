/**
 * Adapters to the social networks publishing uses: a Facebook Page and an Instagram professional
 * account through the Graph API (RestFB), Bluesky through the AT Protocol and Mastodon through its
 * REST API (JDK HttpClient and Jackson records: no well-kept Java client for either). Each
 * implements {@link org.staffroom.publishing.SocialNetwork}; tokens arrive per call and are never
 * logged. Base URLs come from the configuration, so tests point them at loopback fakes.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"publishing", "config :: spi"})
package org.staffroom.networks;
