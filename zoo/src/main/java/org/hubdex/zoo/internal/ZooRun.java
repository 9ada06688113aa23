package org.hubdex.zoo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.ManifestEntry;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.PlannedModel;
import org.hubdex.zoo.ZooException;
import org.hubdex.zoo.ZooOptions;
import org.hubdex.zoo.ZooPlan;
import org.hubdex.zoo.ZooSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generation run: claims the output folder, works out what an earlier interrupted run already finished,
 * trains the rest on the worker threads in dependency order, and finishes the manifest, {@code zoo.json} and the
 * summary.
 *
 * <p><b>Resuming.</b> A commit is finished when its manifest line exists and its folder is there; finished
 * commits are kept. Everything else a previous run left behind for a planned commit (a folder without a line, a
 * hidden temporary folder) is deleted and redone, so a half-written model is never kept.
 */
public final class ZooRun {

    private static final Logger LOG = LoggerFactory.getLogger(ZooRun.class);

    private ZooRun() {
    }

    public static ZooSummary run(ZooOptions options) {
        long start = System.nanoTime();
        ZooPlan plan = ZooPlan.create(options.preset(), options.seed());
        Path output = options.output();
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + output, e);
        }
        OutputLock lock = OutputLock.acquire(output);
        try {
            return run(options, plan, output, start);
        } finally {
            lock.close();
        }
    }

    private static ZooSummary run(ZooOptions options, ZooPlan plan, Path output, long start) {
        ZooJson.claim(output, plan, options);
        ManifestStore store = new ManifestStore(output.resolve(OutputLayout.MANIFEST));
        Map<String, ManifestEntry> finished = new ConcurrentHashMap<>();
        List<ManifestEntry> loaded = store.load();
        for (ManifestEntry entry : loaded) {
            boolean planned = plan.model(entry.id()).isPresent() && entry.preset() == plan.preset()
                    && entry.zooSeed() == plan.seed();
            if (planned && Files.isDirectory(output.resolve(entry.path()))) {
                finished.put(key(entry.id(), entry.commit()), entry);
            } else {
                LOG.warn("manifest line of {} commit {} has no folder or is not in the plan; it will be redone",
                        entry.id(), entry.commit());
            }
        }
        // A commit built on one that must be redone is redone too (parents come before children in the plan).
        for (PlannedModel model : plan.models()) {
            boolean firstKept = finished.containsKey(key(model.id(), 1))
                    && model.parent().map(p -> finished.containsKey(key(p, 1))).orElse(true);
            if (!firstKept) {
                finished.remove(key(model.id(), 1));
                finished.remove(key(model.id(), 2));
            }
        }
        if (finished.size() != loaded.size()) {
            store.replace(finished.values().stream().toList());
        }
        cleanUp(output, plan, finished);

        List<PlannedCommit> todo = new ArrayList<>();
        for (PlannedModel model : plan.models()) {
            if (!finished.containsKey(key(model.id(), 1))) {
                todo.add(new PlannedCommit(model, 1));
            }
            if (model.update().isPresent() && !finished.containsKey(key(model.id(), 2))) {
                todo.add(new PlannedCommit(model, 2));
            }
        }
        double totalCost = todo.stream().mapToDouble(c -> CommitJob.estimatedCost(c.model(), c.commit())).sum();
        LOG.info("zoo: preset {}, seed {}, output {}, data {}, {} worker(s): {} models, {} commits planned, {} already"
                + " finished, {} to train (about {} of one core)", plan.preset().id(), plan.seed(), output,
                options.dataDir(), options.workers(), plan.models().size(), plan.commits(), finished.size(), todo.size(),
                Progress.format(totalCost / 1000));
        if (!todo.isEmpty()) {
            train(options, plan, output, store, finished, todo, totalCost);
        }
        List<ManifestEntry> entries = new ArrayList<>(finished.values());
        store.rewriteSorted(entries);
        ZooSummary summary = SummaryBuilder.summarize(plan, entries, todo.size(), options.workers(),
                (System.nanoTime() - start) / 1e9);
        ZooJson.complete(output, plan, options, summary);
        LOG.info("{}", SummaryBuilder.table(summary));
        return summary;
    }

    private record PlannedCommit(PlannedModel model, int commit) {
    }

    private static void train(ZooOptions options, ZooPlan plan, Path output, ManifestStore store,
            Map<String, ManifestEntry> finished, List<PlannedCommit> todo, double totalCost) {
        FashionMnist data = FashionMnist.load(options.dataDir());
        if (System.getenv("GLIBC_TUNABLES") == null && System.getenv("MALLOC_MMAP_THRESHOLD_") == null) {
            LOG.warn("GLIBC_TUNABLES is not set: training may run several times slower, because glibc hands freed"
                    + " tensor memory back to the kernel after every step (ops/zoo sets it; see zoo/README.md, \"Speed\")");
        }
        TorchRuntime.start(1);
        CommitJob.Context context = new CommitJob.Context(output, data, new ClassIndex(data.train()),
                new ClassIndex(data.test()), new ModelTrainer(data), plan);
        Progress progress = new Progress(todo.size(), totalCost, options.progressInterval());
        List<Scheduler.Task> tasks = new ArrayList<>();
        for (PlannedCommit c : todo) {
            PlannedModel model = c.model();
            double cost = CommitJob.estimatedCost(model, c.commit());
            List<String> dependsOn = c.commit() == 2 ? List.of(key(model.id(), 1))
                    : model.parent().map(p -> List.of(key(p, 1))).orElse(List.of());
            double order = model.role() == ModelRole.BASE && c.commit() == 1 ? -cost : model.index() + (c.commit() - 1) * 0.5;
            tasks.add(new Scheduler.Task(key(model.id(), c.commit()), dependsOn, order, () -> {
                progress.started();
                ManifestEntry entry = CommitJob.run(context, model, c.commit(), id -> {
                    ManifestEntry first = finished.get(key(id, 1));
                    if (first == null) {
                        throw new ZooException("the first commit of " + id + " is not finished");
                    }
                    return first;
                });
                store.append(entry);
                finished.put(key(model.id(), c.commit()), entry);
                progress.done(cost);
                LOG.debug("{} commit {}: test accuracy {}, {} s", model.id(), c.commit(), entry.testAccuracy(),
                        entry.trainSeconds());
            }));
        }
        new Scheduler(options.workers()).run(tasks, Duration.ofSeconds(1), progress::tick);
    }

    /** Deletes hidden temporary folders and the folders of planned commits that are not finished. */
    private static void cleanUp(Path output, ZooPlan plan, Map<String, ManifestEntry> finished) {
        try {
            for (String root : List.of(OutputLayout.HUB, OutputLayout.UPDATES)) {
                Path dir = output.resolve(root);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> authors = Files.list(dir)) {
                    for (Path author : authors.filter(Files::isDirectory).toList()) {
                        try (Stream<Path> repos = Files.list(author)) {
                            for (Path repo : repos.toList()) {
                                if (repo.getFileName().toString().startsWith(RepoWriter.TEMP_PREFIX)) {
                                    RepoWriter.deleteRecursively(repo);
                                }
                            }
                        }
                    }
                }
            }
            for (PlannedModel model : plan.models()) {
                Path first = output.resolve(OutputLayout.HUB).resolve(model.author()).resolve(model.name());
                if (!finished.containsKey(key(model.id(), 1)) && Files.exists(first)) {
                    LOG.info("removing unfinished {} (no manifest line)", first);
                    RepoWriter.deleteRecursively(first);
                }
                Path second = output.resolve(OutputLayout.UPDATES).resolve(model.author()).resolve(model.name());
                if (!finished.containsKey(key(model.id(), 2)) && Files.exists(second)) {
                    LOG.info("removing unfinished {} (no manifest line)", second);
                    RepoWriter.deleteRecursively(second);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up unfinished models in " + output, e);
        }
    }

    private static String key(String id, int commit) {
        return id + "#" + commit;
    }
}
