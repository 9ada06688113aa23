package org.hubdex.trainer.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.weightspace.backbone.Backbone;
import org.hubdex.weightspace.backbone.BackboneTrainer;
import org.hubdex.weightspace.backbone.TokenSequence;
import org.hubdex.weightspace.modelset.ModelSet;
import org.hubdex.weightspace.probex.HeadRowClassifier;
import org.hubdex.weightspace.probex.ProbeXExample;
import org.hubdex.weightspace.probex.ProbeXExpert;
import org.hubdex.weightspace.probex.ProbeXTrainer;
import org.hubdex.weightspace.router.Router;
import org.hubdex.weightspace.router.RouterTrainer;
import org.hubdex.weightspace.router.RoutingInput;
import org.hubdex.weightspace.router.TreeMember;
import org.hubdex.weightspace.text.ModelDescriptions;
import org.hubdex.weightspace.text.TextEncoder;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * Trains one model set from corpus models: the split, the backbone, the router, one ProbeX expert per tree, and
 * the held-out metrics the quality gate compares.
 *
 * <p>What comes from where (the trainer never reads the zoo's ground truth):
 * <ul>
 *   <li>a model's tree: its card's {@code base_model} chain ({@link TreeResolver});</li>
 *   <li>its categories: its config's {@code id2label} names; its text: {@link ModelDescriptions} of those names
 *       and the card's datasets, embedded by the text encoder;</li>
 *   <li>labelled models (categories and tree known) are split by {@link DatasetSplit}; the backbone trains
 *       self-supervised on every model outside validation, test and zero-shot, labelled or not; the router learns
 *       trees from training models whose card names their tree; each tree with enough labelled training models
 *       gets an expert, selected on the tree's validation models.</li>
 * </ul>
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class TrainingPipeline {

    private final TrainingConfig config;
    private final TextEncoder textEncoder;
    private final TrainingLog log;

    public TrainingPipeline(TrainingConfig config, TextEncoder textEncoder, TrainingLog log) {
        this.config = config;
        this.textEncoder = textEncoder;
        this.log = log;
    }

    /**
     * Trains a model set on {@code corpus} and evaluates it on the held-out parts. The caller owns the returned
     * result's model set (close it).
     */
    public TrainingResult run(List<TrainingExample> corpus) {
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("the corpus is empty: nothing to train on");
        }
        long begin = System.nanoTime();
        Map<String, TrainingExample> byId = new LinkedHashMap<>();
        corpus.forEach(e -> byId.put(e.modelId(), e));
        Map<String, List<String>> parents = new HashMap<>();
        byId.values().forEach(e -> parents.put(e.modelId(), e.facts().baseModels()));
        TreeResolver trees = new TreeResolver(parents);
        Map<String, String> cardTrees = new HashMap<>();
        for (TrainingExample e : byId.values()) {
            trees.treeOf(e.modelId()).ifPresent(t -> cardTrees.put(e.modelId(), t));
        }
        Map<String, String> treeOf = new TreeRecovery(config.router(), config.minExpertModels(), log)
                .recover(byId.values(), cardTrees);

        List<DatasetSplit.Item> labelled = new ArrayList<>();
        for (TrainingExample e : byId.values()) {
            if (!e.facts().classNames().isEmpty() && treeOf.containsKey(e.modelId())) {
                labelled.add(new DatasetSplit.Item(e.modelId(), treeOf.get(e.modelId()), e.classKey()));
            }
        }
        Map<String, Part> parts = DatasetSplit.split(labelled, config.split(), config.seed());
        log.progress(true, "training on %d models: %d labelled (%s); %d tied to a tree by cards, %d by weights, %d trees",
                byId.size(), labelled.size(), count(parts.values()), cardTrees.size(), treeOf.size() - cardTrees.size(),
                new LinkedHashSet<>(treeOf.values()).size());

        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Backbone backbone = trainBackbone(byId.values(), parts);
        seconds.put("backbone", (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        Router router = trainRouter(byId.values(), parts, treeOf);
        seconds.put("router", (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        Map<String, float[]> textTargets = textTargets(byId.values());
        seconds.put("text", (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        Map<String, ProbeXExpert> experts = trainExperts(byId.values(), parts, treeOf, textTargets);
        seconds.put("experts", (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        Map<String, HeadRowClassifier> heads = fitHeads(byId.values(), parts, treeOf);
        seconds.put("heads", (System.nanoTime() - t0) / 1e9);

        ModelSet modelSet = new ModelSet(backbone, router, experts, heads, tokenizerVersion(byId.values()), textEncoder.id(),
                textEncoder.dimension());
        t0 = System.nanoTime();
        HeldOutEvaluation.Result heldOut = new HeldOutEvaluation(modelSet, textEncoder, config.seed())
                .evaluate(byId.values(), parts, establishedCardTrees(cardTrees));
        seconds.put("evaluation", (System.nanoTime() - t0) / 1e9);
        seconds.put("total", (System.nanoTime() - begin) / 1e9);
        log.progress(true, "trained in %.0f s: %s", seconds.get("total"), heldOut.metrics());
        return new TrainingResult(modelSet, heldOut.metrics(), heldOut.details(), parts, treeOf, seconds, log.curves());
    }

    private Backbone trainBackbone(Collection<TrainingExample> corpus, Map<String, Part> parts) {
        List<TokenSequence> train = new ArrayList<>();
        List<TokenSequence> validation = new ArrayList<>();
        for (TrainingExample e : corpus) {
            Part part = parts.get(e.modelId());
            if (e.tokens().tokens().tokenCount() == 0) {
                continue;
            }
            if (part == null || part == Part.TRAIN) {
                train.add(e.tokens().tokens());
            } else if (part == Part.VALIDATION) {
                validation.add(e.tokens().tokens());
            }
        }
        log.progress(true, "backbone: %d training and %d validation models", train.size(), validation.size());
        return new BackboneTrainer(config.backbone()).train(train, validation, p -> {
            if (p.validated()) {
                log.curvePoint("backbone", "step %d, %.2f epochs, loss %.4f (reconstruction %.4f, contrastive %.4f)%s",
                        p.step(), p.epochs(), p.loss(), p.reconstructionLoss(), p.contrastiveLoss(),
                        p.validationLoss().isPresent() ? String.format(java.util.Locale.ROOT, ", validation %.4f",
                                p.validationLoss().getAsDouble()) : "");
            } else {
                log.progress(false, "backbone: step %d/%d, loss %.4f, %.0f s, ETA %.0f s", p.step(), p.maxSteps(), p.loss(),
                        p.elapsedSeconds(), p.etaSeconds());
            }
        });
    }

    private Router trainRouter(Collection<TrainingExample> corpus, Map<String, Part> parts, Map<String, String> treeOf) {
        List<TreeMember> members = new ArrayList<>();
        for (TrainingExample e : corpus) {
            Part part = parts.get(e.modelId());
            String tree = treeOf.get(e.modelId());
            Optional<ProbeXMatrix> matrix = e.routingMatrix();
            if (tree == null || matrix.isEmpty() || e.degenerate() || part == Part.TEST || part == Part.ZERO_SHOT) {
                continue;
            }
            List<String> base = e.facts().baseModels();
            members.add(new TreeMember(e.modelId(), tree, base.isEmpty() ? null : base.get(0),
                    RoutingInput.of(e.modelId(), base, matrix.get())));
        }
        log.progress(true, "router: %d members", members.size());
        return new RouterTrainer(config.router()).fit(members);
    }

    private Map<String, float[]> textTargets(Collection<TrainingExample> corpus) {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (TrainingExample e : corpus) {
            if (!e.facts().classNames().isEmpty()) {
                descriptions.put(e.modelId(), ModelDescriptions.describe(e.facts().classNames(), e.facts().datasets()));
            }
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(descriptions.values()));
        Map<String, float[]> byText = new HashMap<>();
        if (!distinct.isEmpty()) {
            List<float[]> vectors = textEncoder.encodeAll(distinct);
            for (int i = 0; i < distinct.size(); i++) {
                byText.put(distinct.get(i), vectors.get(i));
            }
        }
        Map<String, float[]> targets = new HashMap<>();
        descriptions.forEach((id, text) -> targets.put(id, byText.get(text)));
        log.progress(true, "text: %d descriptions (%d distinct) embedded by %s", descriptions.size(), distinct.size(),
                textEncoder.id());
        return targets;
    }

    private Map<String, ProbeXExpert> trainExperts(Collection<TrainingExample> corpus, Map<String, Part> parts,
            Map<String, String> treeOf, Map<String, float[]> textTargets) {
        // per tree, the models of its most common ProbeX layer signature: an expert reads one layer shape
        Map<String, Map<String, List<TrainingExample>>> byTreeAndSignature = new TreeMap<>();
        for (TrainingExample e : corpus) {
            Part part = parts.get(e.modelId());
            if ((part == Part.TRAIN || part == Part.VALIDATION) && e.tokens().probeX().isPresent() && !e.degenerate()) {
                byTreeAndSignature.computeIfAbsent(treeOf.get(e.modelId()), t -> new TreeMap<>())
                        .computeIfAbsent(RoutingInput.signatureOf(e.tokens().probeX().get()), s -> new ArrayList<>()).add(e);
            }
        }
        Map<String, ProbeXExpert> experts = new LinkedHashMap<>();
        ProbeXTrainer trainer = new ProbeXTrainer(config.probeX().withTextDim(textEncoder.dimension()));
        int index = 0;
        for (Map.Entry<String, Map<String, List<TrainingExample>>> tree : byTreeAndSignature.entrySet()) {
            index++;
            List<TrainingExample> models = tree.getValue().values().stream().max((a, b) -> Integer.compare(a.size(), b.size()))
                    .orElseThrow();
            List<ProbeXExample> train = new ArrayList<>();
            List<ProbeXExample> validation = new ArrayList<>();
            for (TrainingExample e : models) {
                ProbeXExample example = new ProbeXExample(e.modelId(), e.tokens().probeX().get(),
                        new LinkedHashSet<>(e.facts().classNames()), textTargets.get(e.modelId()));
                (parts.get(e.modelId()) == Part.TRAIN ? train : validation).add(example);
            }
            if (train.size() < config.minExpertModels()) {
                log.progress(true, "experts: tree %s has %d labelled training models (< %d): no expert, generic path",
                        tree.getKey(), train.size(), config.minExpertModels());
                continue;
            }
            String treeId = tree.getKey();
            int treeIndex = index;
            int trees = byTreeAndSignature.size();
            ProbeXExpert expert = trainer.train(treeId, train, validation, r -> {
                if (r.epoch() == r.epochs() || r.epoch() % Math.max(1, r.epochs() / 5) == 0) {
                    log.curvePoint("probex " + treeId, "epoch %d/%d, category loss %.4f, text loss %.4f%s", r.epoch(),
                            r.epochs(), r.trainCategoryLoss(), r.trainTextLoss(), r.validation().map(v -> String.format(
                                    java.util.Locale.ROOT, ", validation element accuracy %.3f, text top-1 %.3f",
                                    v.elementAccuracy(), v.textTop1())).orElse(""));
                } else {
                    log.progress(false, "experts: tree %d/%d (%s), epoch %d/%d, %.0f s", treeIndex, trees, treeId, r.epoch(),
                            r.epochs(), r.elapsedSeconds());
                }
            });
            experts.put(treeId, expert);
        }
        return experts;
    }

    /** The card trees of models in trees large enough to be established: the router's truth on held-out models. */
    private Map<String, String> establishedCardTrees(Map<String, String> cardTrees) {
        java.util.Set<String> established = TreeRecovery.established(cardTrees, config.minExpertModels());
        Map<String, String> result = new HashMap<>();
        cardTrees.forEach((id, tree) -> {
            if (established.contains(tree)) {
                result.put(id, tree);
            }
        });
        return result;
    }

    /**
     * One head-row classifier per tree, from the heads of its labelled training and validation models (rows labelled
     * by {@code id2label} order), with each class's description embedded as its text.
     */
    private Map<String, HeadRowClassifier> fitHeads(Collection<TrainingExample> corpus, Map<String, Part> parts,
            Map<String, String> treeOf) {
        Map<String, List<HeadRowClassifier.Example>> byTree = new TreeMap<>();
        Map<String, Map<String, Integer>> datasets = new HashMap<>();
        for (TrainingExample e : corpus) {
            Part part = parts.get(e.modelId());
            if ((part == Part.TRAIN || part == Part.VALIDATION) && e.head().isPresent() && !e.degenerate()) {
                String tree = treeOf.get(e.modelId());
                byTree.computeIfAbsent(tree, t -> new ArrayList<>())
                        .add(new HeadRowClassifier.Example(e.modelId(), e.head().get(), e.facts().classNames()));
                datasets.computeIfAbsent(tree, t -> new HashMap<>()).merge(String.join(",", e.facts().datasets()), 1, Integer::sum);
            }
        }
        Map<String, HeadRowClassifier> heads = new LinkedHashMap<>();
        for (Map.Entry<String, List<HeadRowClassifier.Example>> tree : byTree.entrySet()) {
            if (tree.getValue().size() < config.minExpertModels()) {
                continue;
            }
            String common = datasets.get(tree.getKey()).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            List<String> treeDatasets = common.isEmpty() ? List.of() : List.of(common.split(","));
            java.util.Set<String> classes = new java.util.TreeSet<>();
            tree.getValue().forEach(x -> classes.addAll(x.rowClasses()));
            List<String> names = new ArrayList<>(classes);
            List<float[]> vectors = textEncoder.encodeAll(names.stream()
                    .map(c -> ModelDescriptions.describe(List.of(c), treeDatasets)).toList());
            Map<String, float[]> classTexts = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                classTexts.put(names.get(i), vectors.get(i));
            }
            HeadRowClassifier.fit(tree.getKey(), tree.getValue(), classTexts).ifPresent(h -> heads.put(tree.getKey(), h));
        }
        log.progress(true, "heads: %d head-row classifiers (%s)", heads.size(), heads.keySet());
        return heads;
    }

    private static String tokenizerVersion(Collection<TrainingExample> corpus) {
        return corpus.iterator().next().tokens().tokenizerVersion();
    }

    private static Map<Part, Integer> count(Collection<Part> parts) {
        Map<Part, Integer> counts = new TreeMap<>();
        parts.forEach(p -> counts.merge(p, 1, Integer::sum));
        return counts;
    }

    /** The staged folder of a result: {@link ModelSet#save} of the set. */
    public static void stage(TrainingResult result, Path dir) {
        result.modelSet().save(dir);
    }
}
