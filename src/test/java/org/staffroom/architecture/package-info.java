/**
 * The architecture tests: workflows never import Slack or Discord classes, SQL runs only in {@code *Store}
 * classes, and Staffroom's own threads come from {@code config.Pools}.
 */
package org.staffroom.architecture;
