package org.staffroom.pdchat;

import org.springframework.test.context.TestPropertySource;
import org.staffroom.testing.StaffroomTest;

/** {@link PdChatTimingTest} on H2, the database a single instance uses. */
@StaffroomTest
@TestPropertySource(properties = "staffroom.test.context=pdchat-timing-h2")
class PdChatTimingH2Test extends PdChatTimingTest {}
