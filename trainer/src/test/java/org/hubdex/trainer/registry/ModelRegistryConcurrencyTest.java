package org.hubdex.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers never see a half-published version while a writer publishes; writers racing on one registry are serialized. */
class ModelRegistryConcurrencyTest {

    @TempDir
    Path tmp;

    @Test
    void readersAlwaysSeeACompleteCurrentVersionWhilePublishesGoOn() throws Exception {
        Path root = tmp.resolve("registry");
        ModelRegistry writer = ModelRegistry.open(root);
        Fixtures.publish(writer, tmp, "v00");
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        List<List<String>> seen = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<String> mine = new ArrayList<>();
            seen.add(mine);
            ModelRegistry reader = ModelRegistry.open(root); // another instance, as another process would have
            Thread t = new Thread(() -> {
                try {
                    while (!done.get()) {
                        String current = reader.current().orElseThrow();
                        assertThat(reader.manifest(current).version()).isEqualTo(current);
                        for (String f : Fixtures.FILES) {
                            assertThat(Files.readString(reader.path(current).resolve(f))).isEqualTo(Fixtures.content(current, f));
                        }
                        assertThat(reader.versions()).contains(current);
                        mine.add(current);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "reader-" + r);
            readers.add(t);
            t.start();
        }
        for (int i = 1; i <= 20; i++) {
            Fixtures.publish(writer, tmp, String.format("v%02d", i));
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(failures).isEmpty();
        for (List<String> mine : seen) {
            assertThat(mine).as("a reader never goes back to an older version").isSortedAccordingTo(VersionIds.ORDER);
        }
        assertThat(writer.current()).contains("v20");
    }

    @Test
    void twoWritersRacingOnTheSameCurrentVersionPublishOneCandidate() throws Exception {
        Path root = tmp.resolve("registry");
        Fixtures.publish(ModelRegistry.open(root), tmp, "v1");
        CyclicBarrier start = new CyclicBarrier(2);
        CountDownLatch finished = new CountDownLatch(2);
        ConcurrentLinkedQueue<String> published = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        for (String v : List.of("a2", "b2")) {
            Path staged = Fixtures.stage(tmp, v);
            new Thread(() -> {
                try {
                    ModelRegistry registry = ModelRegistry.open(root);
                    start.await();
                    registry.publish(v, staged, Fixtures.manifest(v, Optional.of("v1")));
                    published.add(v);
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    finished.countDown();
                }
            }).start();
        }
        finished.await();
        assertThat(published).hasSize(1);
        assertThat(errors).singleElement().isInstanceOf(StaleCandidateException.class);
        ModelRegistry registry = ModelRegistry.open(root);
        assertThat(registry.current()).contains(published.peek());
        assertThat(registry.versions()).containsExactlyInAnyOrder("v1", published.peek());
    }
}
