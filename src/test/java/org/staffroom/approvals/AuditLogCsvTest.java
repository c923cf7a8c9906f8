package org.staffroom.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit export is valid CSV, with times to the second, and cannot smuggle a spreadsheet formula. */
class AuditLogCsvTest {

    @Test
    void cellsAreQuotedWhereNeededAndFormulasAreDefused() {
        AuditEntry e = new AuditEntry(
                1,
                Instant.parse("2026-11-25T07:00:00.123456Z"),
                "draft",
                "12",
                3L,
                "DECIDED",
                "amara-okafor",
                "=HYPERLINK(\"http://x\")",
                "SLACK",
                "head",
                "rejected, reason to follow\nsecond line");
        String csv = AuditLog.csv(List.of(e));
        assertThat(csv)
                .isEqualTo("time,subject,action,actor,actor_id,platform,stage,detail\r\n"
                        + "2026-11-25T07:00:00Z,draft#12,DECIDED,\"'=HYPERLINK(\"\"http://x\"\")\",amara-okafor,slack,head,"
                        + "\"rejected, reason to follow\nsecond line\"\r\n");
    }

    @Test
    void emptyAndPlainCellsStayAsTheyAre() {
        assertThat(AuditLog.cell(null)).isEmpty();
        assertThat(AuditLog.cell("Ben Hughes")).isEqualTo("Ben Hughes");
        assertThat(AuditLog.cell("-1")).isEqualTo("'-1");
        assertThat(AuditLog.cell("+44")).isEqualTo("'+44");
        assertThat(AuditLog.cell("@here")).isEqualTo("'@here");
    }
}
