package org.staffroom.qotd;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Tick;
import org.staffroom.config.ConfigReloaded;
import org.staffroom.config.School;
import org.staffroom.config.TrustConfig;

/**
 * The clock side of question of the day: on each tick, each school's due work in its own
 * transaction (one school failing does not hold up the others); and the bank kept in step with
 * questions.yml on start and on every reload.
 */
@Component
class QotdScheduler {

    private static final Logger log = LoggerFactory.getLogger(QotdScheduler.class);

    private final DailyPosts posts;
    private final QuestionBank bank;
    private final TrustConfig config;
    private final AtomicBoolean synced = new AtomicBoolean();

    QotdScheduler(DailyPosts posts, QuestionBank bank, TrustConfig config) {
        this.posts = posts;
        this.bank = bank;
        this.config = config;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        sync();
    }

    @EventListener
    void on(ConfigReloaded event) {
        sync();
    }

    @EventListener
    void on(Tick tick) {
        // Never choose a question from a bank that has not been read in yet.
        if (!synced.get() && !sync()) return;
        for (School school : config.get().schools()) {
            try {
                posts.tick(school.id(), tick.now());
            } catch (DataIntegrityViolationException e) {
                log.info("Question of the day for {} was claimed elsewhere at the same moment", school.id());
            } catch (RuntimeException e) {
                log.error("Question of the day for {} failed; the next tick tries again", school.id(), e);
            }
        }
    }

    private boolean sync() {
        try {
            bank.sync(config.get());
            synced.set(true);
            return true;
        } catch (RuntimeException e) {
            log.error("Could not sync the question bank from questions.yml; trying again on the next tick", e);
            return false;
        }
    }
}
