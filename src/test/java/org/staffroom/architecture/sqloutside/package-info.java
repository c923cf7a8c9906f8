/**
 * A fixture for {@code SqlOnlyInStoresTest}: one class that runs SQL under a store's name, one that runs it
 * under another name, so the test can show the rule tells them apart.
 */
package org.staffroom.architecture.sqloutside;
