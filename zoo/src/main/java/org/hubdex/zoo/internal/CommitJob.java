package org.hubdex.zoo.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hubdex.localhub.CommitSha;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.ManifestEntry;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.PlannedModel;
import org.hubdex.zoo.PlannedUpdate;
import org.hubdex.zoo.TrainingRecipe;
import org.hubdex.zoo.ZooPlan;

/**
 * Produces one commit of one planned model, from start weights to manifest entry: builds the network, takes its
 * start (fresh initialization; the parent's published weights with a new head; or, for a later commit, the model's
 * own first commit), trains it on its sample, rounds it to its storage dtype, measures test and train accuracy
 * <em>with the stored weights</em>, writes the repository folder and hashes it.
 *
 * <p>A fine-tune starts from what its parent published (F16 parents included), exactly as a hub user would.
 * Stateless; several jobs run at once on different models.
 */
public final class CommitJob {

    /** What every job shares: read-only data, the plan and the output layout. */
    public record Context(Path output, FashionMnist data, ClassIndex trainClasses, ClassIndex testClasses,
            ModelTrainer trainer, ZooPlan plan) {

        Path hubFolder(PlannedModel model) {
            return output.resolve(OutputLayout.HUB).resolve(model.author()).resolve(model.name());
        }

        Path updateFolder(PlannedModel model) {
            return output.resolve(OutputLayout.UPDATES).resolve(model.author()).resolve(model.name());
        }
    }

    private CommitJob() {
    }

    /**
     * Runs commit {@code commit} (1 or 2) of {@code model}.
     *
     * @param firstCommits the manifest entry of a finished first commit, by model id (the parent's, or the model's
     *     own for commit 2)
     */
    public static ManifestEntry run(Context context, PlannedModel model, int commit,
            Function<String, ManifestEntry> firstCommits) {
        Network network = Network.of(model.family(), model.numClasses(), model.activation());
        long seed = model.recipe().seed();
        Optional<PlannedUpdate> update = commit == 2 ? model.update() : Optional.empty();
        if (commit == 2 && update.isEmpty()) {
            throw new IllegalArgumentException(model.id() + " has no planned update");
        }
        TrainingRecipe recipe = update.map(u -> model.recipe().continued(u.extraEpochs(), u.seed())).orElse(model.recipe());
        int totalEpochs = model.recipe().epochs() + update.map(PlannedUpdate::extraEpochs).orElse(0);

        LinkedHashMap<String, float[]> start = new LinkedHashMap<>();
        Optional<String> parentSha = Optional.empty();
        if (commit == 2) {
            start.putAll(WeightsIo.read(context.hubFolder(model).resolve(RepoWriter.WEIGHTS), network, Set.of()));
        } else if (model.role() == ModelRole.FINETUNE) {
            PlannedModel parent = context.plan().model(model.parent().orElseThrow()).orElseThrow();
            Network parentNetwork = Network.of(parent.family(), parent.numClasses(), parent.activation());
            start.putAll(WeightsIo.read(context.hubFolder(parent).resolve(RepoWriter.WEIGHTS), parentNetwork,
                    new HashSet<>(parentNetwork.headNames())));
            parentSha = Optional.of(firstCommits.apply(parent.id()).sha());
        }
        Rng init = new Rng(Rng.derive(seed, "init"));
        LinkedHashMap<String, float[]> ordered = new LinkedHashMap<>();
        for (ParamSpec spec : network.params()) {
            float[] values = start.get(spec.name());
            if (values == null || spec.head() && commit == 1 && model.role() == ModelRole.FINETUNE) {
                values = Initializer.initialize(spec, recipe.init(), init);
            }
            ordered.put(spec.name(), values);
        }

        List<Integer> classes = model.classes();
        int[] head = ClassIndex.headIndexOfClass(classes);
        int[] sample = context.trainClasses().sample(classes, model.recipe().samplesPerClass(), seed);
        int[] test = context.testClasses().all(classes);
        ModelTrainer.TrainRun run = context.trainer().train(network, ordered, recipe, sample, head, model.id());
        LinkedHashMap<String, float[]> stored = WeightsIo.roundTo(run.weights(), model.storeAs());
        double testAccuracy = context.trainer().accuracy(network, stored, context.data().test(), test, head);
        double trainAccuracy = context.trainer().accuracy(network, stored, context.data().train(), sample, head);

        Rng popularity = new Rng(Rng.derive(seed, "popularity"));
        long downloads = model.role() == ModelRole.BASE ? popularity.between(2_000, 60_000)
                : Math.round(Math.exp(3.5 + 1.6 * popularity.nextGaussian()));
        long likes = model.role() == ModelRole.BASE ? popularity.between(10, 400) : downloads / popularity.between(20, 200);
        Instant lastModified = update.map(PlannedUpdate::lastModified).orElse(model.createdAt());
        Path target = commit == 1 ? context.hubFolder(model) : context.updateFolder(model);
        RepoWriter.write(target, new RepoWriter.Commit(model, network, stored,
                CardWriter.card(model, new CardWriter.Facts(recipe, totalEpochs, testAccuracy, commit)),
                lastModified, downloads, likes));

        if (commit == 2) {
            parentSha = firstCommits.apply(model.id()).parentSha();
        }
        return new ManifestEntry(model.id(), commit, CommitSha.of(target), CommitSha.sha256Hex(target.resolve(RepoWriter.WEIGHTS)),
                context.output().relativize(target).toString().replace('\\', '/'), context.plan().preset(),
                context.plan().seed(), model.index(), model.family(), model.activation(), model.role(), model.tree(),
                model.parent(), parentSha, model.depth(), classes, recipe, totalEpochs, testAccuracy, trainAccuracy,
                test.length, sample.length, model.storeAs(), model.cardStyle(), model.createdAt(),
                update.map(PlannedUpdate::lastModified), network.parameterCount(), run.seconds());
    }

    /** A rough cost of the commit in milliseconds of one core, for scheduling and the ETA. */
    public static double estimatedCost(PlannedModel model, int commit) {
        double perImage = switch (model.family()) {
            // training milliseconds per image on one core, measured at batch 64-128
            case CNN_SMALL -> 0.09;
            case CNN_WIDE -> 0.15;
            case MLP -> 0.02;
            case VIT_TINY -> 0.15;
        };
        int perClass = Math.min(model.recipe().samplesPerClass(), 6000);
        int epochs = commit == 2 ? model.update().map(PlannedUpdate::extraEpochs).orElse(1) : model.recipe().epochs();
        double trainImages = (double) perClass * model.numClasses();
        double evalImages = 1000.0 * model.numClasses() + trainImages;
        double batchPenalty = model.recipe().batchSize() <= 32 ? 2.0 : 1.0;
        // contracting over-parameterized weights every step (the small CNN's bases)
        double expansionPenalty = model.recipe().expansion() > 1 ? 1.3 : 1.0;
        return 150 + perImage * (trainImages * epochs * batchPenalty * expansionPenalty + evalImages / 3);
    }
}
