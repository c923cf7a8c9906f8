/**
 * The local sandbox: a web page at /sandbox that stands in for Slack and Discord when their
 * tokens are not set, so a new user can try every workflow on their own machine. It is an
 * adapter like the others, behind the same chat port.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"chat", "chat :: spi", "config", "config :: spi", "directory"})
package org.staffroom.sandbox;
