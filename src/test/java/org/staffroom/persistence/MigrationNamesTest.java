package org.staffroom.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Migrations are one global sequence (README "How it is built"): every file is
 * {@code V<whole number>__<description>.sql}, and the numbers run 1, 2, 3 … with no gap and no repeat,
 * so a branch that takes a number another branch took, or a module-style {@code V1_4}, fails here
 * rather than on a production database.
 */
class MigrationNamesTest {

    static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__[a-z0-9_]+\\.sql");

    @Test
    void migrationsAreOneContiguousSequenceOfWholeVersions() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/*");
        assertThat(files).isNotEmpty();
        List<Integer> versions = new ArrayList<>();
        for (Resource file : files) {
            String name = file.getFilename();
            Matcher m = NAME.matcher(name);
            assertThat(m.matches())
                    .as("%s must be named V<whole number>__<description>.sql", name)
                    .isTrue();
            versions.add(Integer.parseInt(m.group(1)));
        }
        assertThat(versions).as("migration versions").doesNotHaveDuplicates();
        versions.sort(null);
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i))
                    .as("migration versions %s run 1, 2, 3 … without a gap", versions)
                    .isEqualTo(i + 1);
        }
    }

    @Test
    void everyRenumberedVersionIsAFileOfThisRelease() throws IOException {
        var resolver = new PathMatchingResourcePatternResolver();
        for (FlywayRenumbering.Renumbered r : FlywayRenumbering.RENUMBERED) {
            assertThat(resolver.getResource("classpath:db/migration/" + r.newScript())
                            .exists())
                    .as(r.newScript())
                    .isTrue();
        }
    }
}
