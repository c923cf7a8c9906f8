/**
 * Loopback fakes of the social networks Staffroom publishes to: Facebook and Instagram (the Graph
 * API, one server answers both as graph.facebook.com does), Bluesky (a PDS's XRPC endpoints) and
 * Mastodon. Each answers with the network's real payload shapes, enforces its limits (length the
 * network's way, photo count, size and format, alt text), has a request-rate limit answered with
 * the network's own 429 or error code, and can be told to fail the next request (expired token,
 * rate limited, media refused). Shapes were read from RestFB's model, the AT Protocol lexicons and
 * Mastodon's API documentation.
 */
package org.staffroom.testing.networks;
