package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hubdex.weightspace.engine.Autograd;
import org.hubdex.weightspace.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inference, persistence and errors of a (briefly trained, so not symmetric) tiny backbone. */
class BackboneTest {

    private static final BackboneConfig CONFIG = SyntheticModels.tiny().optMaxSteps(3).build();
    private static Backbone backbone;

    @BeforeAll
    static void train() {
        Engines.pytorch();
        Autograd.intraOpThreads(1);
        List<TokenSequence> corpus = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            corpus.add(SyntheticModels.model(i % 2, 10 + 7 * i, 16, i));
        }
        backbone = new BackboneTrainer(CONFIG).train(corpus, List.of(), TrainingListener.NONE);
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    @Test
    void embeddingIsMeanAndStdOfTokenLatents() {
        float[] e = backbone.embed(SyntheticModels.model(0, 40, 16, 100));
        assertThat(backbone.embeddingDim()).isEqualTo(2 * CONFIG.latentDim());
        assertThat(e).hasSize(backbone.embeddingDim());
        for (int j = CONFIG.latentDim(); j < e.length; j++) {
            assertThat(e[j]).as("std part").isGreaterThanOrEqualTo(0f);
        }
        for (float v : e) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @Test
    void savedAndLoadedBackboneEmbedsExactlyAlike(@TempDir Path dir) {
        List<TokenSequence> models = List.of(SyntheticModels.model(0, 5, 16, 1), SyntheticModels.model(1, 90, 16, 2));
        backbone.save(dir);
        assertThat(dir.resolve("backbone.safetensors")).isRegularFile();
        assertThat(dir.resolve("backbone.json")).isRegularFile();
        try (Backbone loaded = Backbone.load(dir)) {
            assertThat(loaded.config()).isEqualTo(CONFIG);
            assertThat(loaded.inputScale()).isEqualTo(backbone.inputScale());
            for (TokenSequence m : models) {
                assertThat(loaded.embed(m)).containsExactly(backbone.embed(m));
            }
            Map<String, float[]> a = backbone.parameters();
            Map<String, float[]> b = loaded.parameters();
            assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
            a.forEach((name, values) -> assertThat(b.get(name)).as(name).containsExactly(values));
        }
    }

    @Test
    void embeddingDoesNotDependOnBatchComposition() {
        List<TokenSequence> models = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            models.add(SyntheticModels.model(i % 2, 3 + 11 * i, 16, 200 + i)); // 3 to 432 tokens: 1 to 27 windows
        }
        List<float[]> together = backbone.embedAll(models);
        List<float[]> reversed = backbone.embedAll(reverse(models));
        for (int i = 0; i < models.size(); i++) {
            float[] alone = backbone.embed(models.get(i));
            assertClose(together.get(i), alone);
            assertClose(reversed.get(models.size() - 1 - i), alone);
        }
    }

    @Test
    void shortSequencesAndSingleTokensWork() {
        float[] one = backbone.embed(SyntheticModels.model(0, 1, 16, 5));
        float[] few = backbone.embed(SyntheticModels.model(0, 3, 16, 5));
        assertThat(one).hasSize(backbone.embeddingDim());
        assertThat(few).hasSize(backbone.embeddingDim());
        for (int j = CONFIG.latentDim(); j < one.length; j++) {
            assertThat(one[j]).as("a single token has no spread").isZero();
        }
    }

    @Test
    void longSequencesAreEncodedInHaloedWindowsEachTokenOnce() {
        TokenSequence longModel = SyntheticModels.model(1, 100, 16, 6); // windows of 16: content 12, halo 2
        float[][] latents = backbone.tokenLatents(longModel);
        for (HaloWindows.Window w : HaloWindows.plan(100, CONFIG.windowTokens(), CONFIG.haloTokens())) {
            // the window alone is one short sequence: its tokens' latents, context included
            float[][] alone = backbone.tokenLatents(longModel.slice(w.from(), w.count()));
            for (int t = w.contentFrom(); t < w.contentFrom() + w.contentCount(); t++) {
                assertClose(latents[t], alone[t - w.from()]);
            }
        }
        // and the embedding is the mean and standard deviation of exactly those latents
        float[] e = backbone.embed(longModel);
        int l = CONFIG.latentDim();
        for (int j = 0; j < l; j++) {
            double sum = 0;
            double squares = 0;
            for (float[] token : latents) {
                sum += token[j];
                squares += token[j] * (double) token[j];
            }
            double mean = sum / latents.length;
            assertThat(e[j]).isCloseTo((float) mean, within(1e-5f));
            assertThat(e[l + j]).isCloseTo((float) Math.sqrt(squares / latents.length - mean * mean), within(1e-5f));
        }
        // context matters: a token's latent inside its haloed window differs from the same token at a window's edge
        assertThat(latents[20]).isNotEqualTo(backbone.tokenLatents(longModel.slice(20, 16))[0]);
    }

    @Test
    void emptySequenceIsAClearError() {
        TokenSequence empty = new TokenSequence(0, 16, new float[0], new byte[0], new int[0]);
        assertThatThrownBy(() -> backbone.embed(empty)).isInstanceOf(EmptyTokenSequenceException.class)
                .hasMessageContaining("no tokens");
        assertThatThrownBy(() -> backbone.embedAll(List.of(SyntheticModels.model(0, 4, 16, 1), empty)))
                .isInstanceOf(EmptyTokenSequenceException.class).hasMessageContaining("sequence 1");
    }

    @Test
    void wrongTokenSizeIsRejected() {
        assertThatThrownBy(() -> backbone.embed(SyntheticModels.model(0, 4, 8, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
    }

    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        List<TokenSequence> models = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            models.add(SyntheticModels.model(i % 2, 20 + 30 * i, 16, 300 + i));
        }
        List<float[]> expected = backbone.embedAll(models);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (TokenSequence m : models) {
                    futures.add(pool.submit(() -> backbone.embed(m)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertClose(futures.get(k).get(), expected.get(k % models.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedBackboneRefusesWork() {
        TokenSequence m = SyntheticModels.model(0, 4, 16, 1);
        Backbone other = Backbone.untrained(CONFIG, List.of(m));
        assertThat(other.embed(m)).hasSize(other.embeddingDim());
        other.close();
        other.close(); // idempotent
        assertThatThrownBy(() -> other.embed(m)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loadingABrokenFolderIsAFormatError(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Backbone.load(dir)).isInstanceOf(BackboneFormatException.class)
                .hasMessageContaining("backbone.json");
        backbone.save(dir);
        // a configuration that does not match the tensors
        String json = Files.readString(dir.resolve("backbone.json")).replace("\"latentDim\" : 8", "\"latentDim\" : 6");
        Files.writeString(dir.resolve("backbone.json"), json);
        assertThatThrownBy(() -> Backbone.load(dir)).isInstanceOf(BackboneFormatException.class)
                .hasMessageContaining("shape");
        // truncated weights
        backbone.save(dir);
        byte[] bytes = Files.readAllBytes(dir.resolve("backbone.safetensors"));
        Files.write(dir.resolve("backbone.safetensors"), Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> Backbone.load(dir)).isInstanceOf(BackboneFormatException.class);
        // weights written by something else
        backbone.save(dir);
        org.hubdex.weightspace.safetensors.SafetensorsWriter.create().putMetadata("format", "pt")
                .addTensor("x", org.hubdex.weightspace.safetensors.Dtype.F32, new long[] {1}, new float[] {1})
                .write(dir.resolve("backbone.safetensors"));
        assertThatThrownBy(() -> Backbone.load(dir)).isInstanceOf(BackboneFormatException.class)
                .hasMessageContaining("hubdex.format");
        // another format
        backbone.save(dir);
        Files.writeString(dir.resolve("backbone.json"), "{\"format\": \"something-else\", \"config\": {}}");
        assertThatThrownBy(() -> Backbone.load(dir)).isInstanceOf(BackboneFormatException.class)
                .hasMessageContaining("something-else");
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int j = 0; j < expected.length; j++) {
            assertThat(actual[j]).as("dimension %d", j).isCloseTo(expected[j], within(1e-5f));
        }
    }

    private static <T> List<T> reverse(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }
}
