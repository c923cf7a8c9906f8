package org.staffroom.web;

import java.io.Serializable;
import java.time.Instant;

/**
 * Who is signed in: the person's id (people.yml id, or the chat account of a teacher not listed
 * there), the name they had in chat, the platform they asked from and when they signed in. Roles
 * are not kept: they are read from the configuration in force on every request, so a role removed
 * from people.yml stops counting at once.
 */
public record StaffUser(String personKey, String name, String platform, Instant signedInAt) implements Serializable {}
