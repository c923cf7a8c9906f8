/**
 * The module boundary test: workflows never import Slack or Discord classes.
 */
package org.staffroom.architecture;
