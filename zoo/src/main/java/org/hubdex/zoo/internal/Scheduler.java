package org.hubdex.zoo.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hubdex.zoo.ZooException;

/**
 * Runs tasks with dependencies on a fixed number of worker threads: a task starts once every task it depends on
 * has finished; among ready tasks the lowest {@code order} goes first (the zoo puts the slowest bases first, so
 * that their many children are unblocked early). The first failure stops the run: no new task starts, running
 * ones finish, and the failure is rethrown.
 *
 * <p>One {@link #run} per instance; the calling thread dispatches and calls {@code tick} at least every
 * {@code tickInterval} while tasks run (for progress lines).
 */
public final class Scheduler {

    /** A unit of work. */
    public record Task(String key, List<String> dependsOn, double order, Runnable work) {
    }

    private final int workers;

    public Scheduler(int workers) {
        this.workers = workers;
    }

    /**
     * Runs every task (dependencies outside {@code tasks} count as already done).
     *
     * @throws ZooException wrapping the first task failure
     */
    public void run(List<Task> tasks, Duration tickInterval, Runnable tick) {
        Map<String, Task> byKey = new HashMap<>();
        tasks.forEach(t -> byKey.put(t.key(), t));
        Map<String, Integer> missing = new HashMap<>();
        Map<String, List<Task>> dependents = new HashMap<>();
        PriorityQueue<Task> ready = new PriorityQueue<>(Comparator.comparingDouble(Task::order));
        for (Task task : tasks) {
            int count = 0;
            for (String dependency : task.dependsOn()) {
                if (byKey.containsKey(dependency)) {
                    count++;
                    dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(task);
                }
            }
            missing.put(task.key(), count);
            if (count == 0) {
                ready.add(task);
            }
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread thread = new Thread(r, "zoo-worker-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ExecutorCompletionService<String> completion = new ExecutorCompletionService<>(pool);
        Set<Future<String>> running = new HashSet<>();
        int done = 0;
        Throwable failure = null;
        try {
            while (done < tasks.size()) {
                while (failure == null && running.size() < workers && !ready.isEmpty()) {
                    Task task = ready.poll();
                    running.add(completion.submit(task.work(), task.key()));
                }
                if (running.isEmpty()) {
                    if (failure != null) {
                        break;
                    }
                    throw new ZooException("tasks wait on each other and none can start: " + missing);
                }
                Future<String> finished = completion.poll(tickInterval.toMillis(), TimeUnit.MILLISECONDS);
                tick.run();
                if (finished == null) {
                    continue;
                }
                running.remove(finished);
                try {
                    String key = finished.get();
                    done++;
                    for (Task dependent : dependents.getOrDefault(key, List.of())) {
                        if (missing.merge(dependent.key(), -1, Integer::sum) == 0) {
                            ready.add(dependent);
                        }
                    }
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new ZooException("interrupted while training; finished models are kept, run again to resume", e);
        } finally {
            pool.shutdown();
        }
        if (failure != null) {
            if (failure instanceof ZooException zoo) {
                throw zoo;
            }
            throw new ZooException("a model failed: " + failure, failure);
        }
    }
}
