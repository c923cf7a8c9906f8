/** A deliberately broken adapter, outside the main modules like the console, used to show the port check fails. */
package org.staffroom.architecture.leakyadapter;
