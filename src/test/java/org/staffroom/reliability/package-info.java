/**
 * The fault and abuse suite: every scenario of src/site/markdown/reliability.md (R1–R20, S1–S10, P1–P2) through the
 * real Bolt and JDA clients and the loopback fakes, several instances on one embedded PostgreSQL,
 * the log scan (S7) and the figures table for the README.
 */
package org.staffroom.reliability;
