/**
 * The database's own upkeep: what Flyway needs beyond the migration files themselves, such as
 * carrying databases made by earlier releases over to the one global version sequence.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package org.staffroom.persistence;
