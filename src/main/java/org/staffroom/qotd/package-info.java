/**
 * Question of the day across the trust's schools: the question bank (questions.yml, coordinators'
 * additions and teachers' suggestions approved with buttons), a rotation without repeats until the
 * bank is spent, one trust-wide question per date posted at the same local time in each school's
 * own time zone on its school days, exactly once per school and day (a unique claim row that is
 * also the delivery key), answers gathered from the question threads and shared with the other
 * schools live or as a morning digest, and participation figures.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "config", "directory"})
package org.staffroom.qotd;
