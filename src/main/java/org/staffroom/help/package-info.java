/** {@code /staffroom help}: the commands a person may use, by their roles, on every platform. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "config", "directory"})
package org.staffroom.help;
