/**
 * The bare Spring Boot web application the start-up and memory benchmark compares Staffroom with.
 */
package org.staffroom.bench.bare;
