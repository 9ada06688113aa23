package org.hubdex.weightspace.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.hubdex.weightspace.safetensors.TensorEntry;

/**
 * The dense tokenizer of the hub backbone: a checkpoint's layers, in model order, each flattened (weights,
 * then bias) and cut into tokens of {@code tokenSize} values, the last token of a layer zero-padded; every
 * token with its 3-d position (global token index, layer index, token index in the layer) and every layer
 * with its statistics (the s(W) baseline). Models over the token budget are represented by a seeded
 * sample of windows ({@link WindowSampler}); the ProbeX layer is carried whole ({@link ProbeXLayerSelector}).
 * Only the byte ranges of what is kept are read from the sources.
 *
 * <p>Stateless and thread-safe: one instance serves any number of threads; each call reads its own sources.
 *
 * <pre>{@code
 * WeightTokenizer tokenizer = new WeightTokenizer(TokenizerConfig.DEFAULT);
 * try (ByteRangeSource source = new FileByteRangeSource(path)) {
 *     TokenizedModel model = tokenizer.tokenize(List.of(new WeightFile("model.safetensors", source,
 *             SafetensorsReader.readHeader(source))), revisionSha);
 * }
 * }</pre>
 */
public final class WeightTokenizer {

    private final TokenizerConfig config;

    public WeightTokenizer(TokenizerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public TokenizerConfig config() {
        return config;
    }

    /**
     * Tokenizes the checkpoint stored in {@code files}.
     *
     * @param files the checkpoint's safetensors files (shards in order), headers already read and validated
     * @param revision the revision (commit sha) the files belong to; seeds the sample of a large model
     * @throws NoTokenizableLayersException when no tensor of the checkpoint can be tokenized
     * @throws NonFiniteWeightsException when a layer holds NaN or infinite values (a broken checkpoint: its
     *     tokens would turn every embedding computed from them into NaN)
     * @throws org.hubdex.weightspace.safetensors.SafetensorsException when the data is shorter than the header says
     */
    public TokenizedModel tokenize(List<WeightFile> files, String revision) {
        Objects.requireNonNull(revision, "revision");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint needs at least one file");
        }
        LayerPlan plan = LayerPlanner.plan(files.stream().map(WeightFile::header).toList());
        if (plan.layers().isEmpty()) {
            throw new NoTokenizableLayersException(files.get(0).source().resource(), plan.skipped());
        }
        int size = config.tokenSize();
        long[] layerTokens = plan.layers().stream().mapToLong(l -> l.tokenCount(size)).toArray();
        long seed = SplitMix64.seedOf(TokenizerConfig.TOKENIZER_VERSION + "/" + revision);
        List<List<TokenRange>> selection = WindowSampler.select(layerTokens, config.maxTokens(), config.windowTokens(), seed);
        boolean sampled = plan.tokenCount(size) > config.maxTokens();

        int tokenCount = Math.toIntExact(selection.stream().flatMap(List::stream).mapToLong(TokenRange::length).sum());
        float[] tokens = new float[tokenCount * size];
        int[] valid = new int[tokenCount];
        int[] positions = new int[3 * tokenCount];
        RangeReader reader = new RangeReader(files);

        // Plan every read first (so that the reader can merge neighbouring ranges), then read once.
        List<int[]> layerRuns = new ArrayList<>(); // per layer: {firstTokenInRecord, valuesInRecord}
        int nextToken = 0;
        long firstGlobal = 0;
        long parametersTokenized = 0;
        for (Layer layer : plan.layers()) {
            List<TokenRange> ranges = selection.get(layer.index());
            int layerStartInRecord = nextToken;
            for (TokenRange range : ranges) {
                long firstValue = range.start() * size;
                long endValue = Math.min(range.end() * size, layer.elementCount());
                requestValues(reader, layer, firstValue, endValue, tokens, nextToken * size);
                parametersTokenized += endValue - firstValue;
                for (long t = range.start(); t < range.end(); t++, nextToken++) {
                    valid[nextToken] = (int) Math.min(size, layer.elementCount() - t * size);
                    positions[3 * nextToken] = Math.toIntExact(firstGlobal + t);
                    positions[3 * nextToken + 1] = layer.index();
                    positions[3 * nextToken + 2] = Math.toIntExact(t);
                }
            }
            layerRuns.add(new int[] {layerStartInRecord, nextToken - layerStartInRecord});
            firstGlobal += layerTokens[layer.index()];
        }

        ProbeXLayerSelector.Choice choice = ProbeXLayerSelector.choose(plan, config);
        float[] probeValues = null;
        if (choice instanceof ProbeXLayerSelector.Chosen chosen) {
            TensorRef weight = chosen.layer().weight();
            probeValues = new float[Math.toIntExact(weight.numel())];
            reader.add(weight, 0, probeValues.length, probeValues, 0);
        }
        reader.readAll();

        List<TokenizedLayer> layers = new ArrayList<>(plan.layers().size());
        long first = 0;
        for (Layer layer : plan.layers()) {
            int[] run = layerRuns.get(layer.index());
            TensorEntry weight = layer.weight().entry();
            Optional<LayerStats> stats = run[1] == 0 ? Optional.empty() : Optional.of(statsOf(tokens, valid, run[0], run[1]));
            if (stats.isPresent() && !Double.isFinite(stats.get().mean())) {
                throw new NonFiniteWeightsException(files.get(layer.weight().file()).source().resource(), layer.name());
            }
            layers.add(new TokenizedLayer(layer.index(), layer.name(), weight.name(), layer.bias().map(TensorRef::name),
                    weight.shape(), weight.dtype(), layer.elementCount(), first, layerTokens[layer.index()], run[1],
                    stats));
            first += layerTokens[layer.index()];
        }
        Optional<ProbeXMatrix> probeX = Optional.empty();
        Optional<String> probeXMissing = Optional.empty();
        if (choice instanceof ProbeXLayerSelector.Chosen chosen) {
            long[] shape = chosen.layer().shape();
            int rows = shape.length == 0 ? 1 : Math.toIntExact(shape[0]);
            int cols = shape.length <= 1 ? 1 : probeValues.length / rows;
            if (shape.length == 1) {
                rows = probeValues.length;
            }
            probeX = Optional.of(new ProbeXMatrix(chosen.layer().weight().name(), shape, rows, cols, probeValues));
        } else {
            probeXMissing = Optional.of(((ProbeXLayerSelector.NoLayer) choice).reason());
        }
        return new TokenizedModel(config, tokenCount, tokens, valid, positions, layers, plan.skipped(), probeX, probeXMissing,
                plan.parameterTotal(), parametersTokenized, sampled ? OptionalLong.of(seed) : OptionalLong.empty(),
                reader.bytesRead(), reader.reads());
    }

    /** Asks the reader for the layer's values {@code [firstValue, endValue)} (weight, then bias) into {@code dst}. */
    private static void requestValues(RangeReader reader, Layer layer, long firstValue, long endValue, float[] dst, int dstOffset) {
        long weightCount = layer.weight().numel();
        if (firstValue < weightCount) {
            long end = Math.min(endValue, weightCount);
            reader.add(layer.weight(), firstValue, Math.toIntExact(end - firstValue), dst, dstOffset);
        }
        if (endValue > weightCount) {
            TensorRef bias = layer.bias().orElseThrow();
            long biasFirst = Math.max(firstValue, weightCount) - weightCount;
            int offset = dstOffset + (int) (Math.max(firstValue, weightCount) - firstValue);
            reader.add(bias, biasFirst, Math.toIntExact(endValue - weightCount - biasFirst), dst, offset);
        }
    }

    /** Statistics of the real values of {@code count} consecutive tokens from {@code firstToken}. */
    private LayerStats statsOf(float[] tokens, int[] valid, int firstToken, int count) {
        int size = config.tokenSize();
        // Tokens of a layer's window are consecutive and full except the layer's last token, so the values form
        // runs; gather them as runs without copying.
        List<int[]> runs = new ArrayList<>();
        int runStart = firstToken * size;
        int runLength = 0;
        for (int t = firstToken; t < firstToken + count; t++) {
            if (t * size != runStart + runLength) {
                runs.add(new int[] {runStart, runLength});
                runStart = t * size;
                runLength = 0;
            }
            runLength += valid[t];
        }
        runs.add(new int[] {runStart, runLength});
        float[][] arrays = new float[runs.size()][];
        int[] offsets = new int[runs.size()];
        int[] counts = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            arrays[i] = tokens;
            offsets[i] = runs.get(i)[0];
            counts[i] = runs.get(i)[1];
        }
        return LayerStats.of(arrays, offsets, counts, config.statsSampleLimit());
    }
}
