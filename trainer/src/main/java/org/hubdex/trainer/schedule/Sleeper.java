package org.hubdex.trainer.schedule;

import java.time.Duration;

/** Waits between the loop's checks; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

    /** {@link Thread#sleep}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
