package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hubdex.zoo.ZooException;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    @Test
    void tasksRunAfterWhatTheyDependOnAndByOrderAmongReadyOnes() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<Scheduler.Task> tasks = List.of(
                task("child", List.of("base"), 5, log),
                task("grandchild", List.of("child"), 1, log),
                task("base", List.of(), 3, log),
                task("other", List.of("elsewhere"), 4, log));

        new Scheduler(1).run(tasks, Duration.ofMillis(50), () -> { });

        assertThat(log).containsExactly("base", "other", "child", "grandchild");
    }

    @Test
    void theFirstFailureStopsTheRun() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<Scheduler.Task> tasks = List.of(
                new Scheduler.Task("bad", List.of(), 1, () -> {
                    throw new IllegalStateException("boom");
                }),
                task("after", List.of("bad"), 2, log),
                task("later", List.of(), 3, log));

        assertThatThrownBy(() -> new Scheduler(1).run(tasks, Duration.ofMillis(50), () -> { }))
                .isInstanceOf(ZooException.class).hasMessageContaining("boom");
        assertThat(log).isEmpty();
    }

    @Test
    void workersRunTasksSideBySide() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<Scheduler.Task> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(task("t" + i, List.of(), i, log));
        }
        new Scheduler(3).run(tasks, Duration.ofMillis(50), () -> { });
        assertThat(log).hasSize(8);
    }

    private static Scheduler.Task task(String key, List<String> dependsOn, double order, List<String> log) {
        return new Scheduler.Task(key, dependsOn, order, () -> log.add(key));
    }
}
