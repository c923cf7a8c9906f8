/**
 * Who is who: maps platform accounts and channels to the trust's people, schools and roles
 * (from people.yml, including Slack user groups and Discord roles), and answers the permission
 * questions every command asks.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "config"})
package org.staffroom.directory;
