/**
 * Test support shared by every feature: the controllable clock, the sandbox client, the browser,
 * the sample trust, and the secrets the log scan looks for.
 */
package org.staffroom.testing;
