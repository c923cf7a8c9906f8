/**
 * Test support shared by every feature: the controllable clock, the sandbox client, the browser,
 * the sample trust, and the secrets the log scan looks for; the fields and moves every end-to-end
 * test shares ({@link org.staffroom.testing.StaffroomEndToEnd}), drafts through the sandbox, and
 * Staffroom started by hand.
 */
package org.staffroom.testing;
