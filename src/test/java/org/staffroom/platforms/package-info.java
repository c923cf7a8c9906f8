/**
 * Both real clients in one application at once: Bolt against the fake Slack and JDA against the
 * fake Discord, each workflow end to end across the two platforms.
 */
package org.staffroom.platforms;
