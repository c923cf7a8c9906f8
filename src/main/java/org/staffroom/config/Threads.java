package org.staffroom.config;

import java.util.concurrent.ThreadFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The one thread factory for Staffroom's own pools: daemon threads named {@code prefix1},
 * {@code prefix2}, … so a thread dump says whose each thread is. (In config: every module may use it.)
 */
public final class Threads {

    private Threads() {}

    public static ThreadFactory daemon(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }
}
