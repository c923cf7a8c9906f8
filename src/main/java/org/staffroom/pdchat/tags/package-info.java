/**
 * The hashtag index: tags posted in opted-in schools' channels, listed trust-wide with /tag, and
 * followed with /follow (a direct message for each new post carrying the tag).
 */
package org.staffroom.pdchat.tags;
