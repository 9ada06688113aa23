package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.hubdex.localhub.CommitSha;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.TensorEntry;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.CardStyle;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.InitKind;
import org.hubdex.zoo.LrSchedule;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.OptimizerKind;
import org.hubdex.zoo.PlannedModel;
import org.hubdex.zoo.TrainingRecipe;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The written repositories: safetensors files valid by the strict reader, with PyTorch names and layouts, loading
 * back to the same tensors (F16/BF16 within rounding), plus config.json, the card and .hub.json. No engine needed:
 * the weights are random values from the real parameter specs.
 */
class RepoWriterTest {

    private static final Logger LOG = LoggerFactory.getLogger(RepoWriterTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"CNN_SMALL,F32", "CNN_SMALL,F16", "CNN_WIDE,BF16", "MLP,F16", "MLP,F32", "VIT_TINY,BF16", "VIT_TINY,F32"})
    void writesValidSafetensorsThatLoadBackToTheSameTensors(Family family, Dtype dtype) throws IOException {
        long seed = System.nanoTime();
        LOG.info("{} {} seed {}", family, dtype, seed);
        PlannedModel model = model(family, dtype, CardStyle.DOCUMENTED, List.of(7, 5, 9));
        Network network = Network.of(family, 3, ActivationFunction.RELU);
        Rng rng = new Rng(seed);
        LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
        for (ParamSpec spec : network.params()) {
            float[] values = Initializer.initialize(spec, InitKind.KAIMING_NORMAL, rng);
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) rng.nextGaussian();
            }
            weights.put(spec.name(), values);
        }
        Path target = dir.resolve("hub").resolve(model.author()).resolve(model.name());

        RepoWriter.write(target, new RepoWriter.Commit(model, network, weights, Optional.of("card\n"),
                model.createdAt(), 12, 3));

        Path file = target.resolve("model.safetensors");
        try (FileByteRangeSource source = FileByteRangeSource.open(file)) {
            SafetensorsHeader header = SafetensorsReader.readHeader(source);
            assertThat(header.fileLength()).isEqualTo(Files.size(file));
            assertThat(header.metadata()).containsEntry("format", "pt");
            assertThat(header.tensors().stream().map(TensorEntry::name).sorted().toList())
                    .isEqualTo(network.params().stream().map(ParamSpec::name).sorted().toList());
            assertThat(header.parameterCount()).isEqualTo(network.parameterCount());
            assertThat(header.parametersByDtype()).containsOnlyKeys(dtype.name());
            double tolerance = dtype == Dtype.F16 ? 0x1p-11 : dtype == Dtype.BF16 ? 0x1p-8 : 0;
            for (ParamSpec spec : network.params()) {
                TensorEntry entry = header.tensor(spec.name()).orElseThrow();
                assertThat(entry.dtype()).isEqualTo(dtype);
                assertThat(entry.shape()).as(spec.name()).containsExactly(spec.shape());
                float[] back = SafetensorsReader.readFloats(source, header, spec.name());
                float[] original = weights.get(spec.name());
                float[] rounded = WeightsIo.roundTo(new LinkedHashMap<>(java.util.Map.of(spec.name(), original)), dtype)
                        .get(spec.name());
                assertThat(back).as("%s reads back as the rounded values", spec.name()).containsExactly(rounded);
                for (int i = 0; i < back.length; i++) {
                    // relative rounding error, plus half the F16 subnormal spacing for values below its normal range
                    assertThat((double) back[i]).isCloseTo(original[i], within(tolerance * Math.abs(original[i]) + 0x1p-25));
                }
            }
        }
        assertThat(WeightsIo.read(file, network, java.util.Set.of()).keySet())
                .containsExactlyElementsOf(network.params().stream().map(ParamSpec::name).toList());

        JsonNode config = JSON.readTree(target.resolve("config.json").toFile());
        assertThat(config.path("architectures").get(0).asText()).isEqualTo(family.architecture());
        assertThat(config.path("id2label").path("0").asText()).isEqualTo("Sneaker");
        assertThat(config.path("label2id").path("Ankle boot").asInt()).isEqualTo(2);
        assertThat(config.path("num_labels").asInt()).isEqualTo(3);
        assertThat(config.path("torch_dtype").asText()).isEqualTo(RepoWriter.torchDtype(dtype));
        JsonNode hub = JSON.readTree(target.resolve(".hub.json").toFile());
        assertThat(hub.path("createdAt").asText()).isEqualTo("2024-05-06T07:08:09Z");
        assertThat(Files.readString(target.resolve("README.md"))).isEqualTo("card\n");
        assertThat(CommitSha.servedFiles(target).stream().map(p -> target.relativize(p).toString()).toList())
                .containsExactly("README.md", "config.json", "model.safetensors");
        try (var siblings = Files.list(target.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).containsExactly(model.name());
        }
    }

    @ParameterizedTest
    @CsvSource({"NO_CARD", "VAGUE"})
    void undocumentedRepositoriesHaveGenericLabels(CardStyle style) throws IOException {
        PlannedModel model = model(Family.MLP, Dtype.F32, style, List.of(1, 8));
        Network network = Network.of(Family.MLP, 2, ActivationFunction.RELU);
        LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
        network.params().forEach(spec -> weights.put(spec.name(), new float[spec.numel()]));
        Path target = dir.resolve(style.id());

        RepoWriter.write(target, new RepoWriter.Commit(model, network, weights, CardWriter.card(model,
                new CardWriter.Facts(model.recipe(), 2, 0.9, 1)), model.createdAt(), 0, 0));

        JsonNode config = JSON.readTree(target.resolve("config.json").toFile());
        assertThat(config.path("id2label").path("1").asText()).isEqualTo("LABEL_1");
        assertThat(Files.exists(target.resolve("README.md"))).isEqualTo(style != CardStyle.NO_CARD);
    }

    static PlannedModel model(Family family, Dtype dtype, CardStyle style, List<Integer> classes) {
        TrainingRecipe recipe = new TrainingRecipe(OptimizerKind.ADAM, 1e-3, LrSchedule.COSINE, 0, 2, 64, 100, List.of(),
                List.of(), InitKind.TRUNC_NORMAL, 42);
        return new PlannedModel(3, "mira-k/" + family.id() + "-fmnist-shoes-ft", family, ActivationFunction.RELU,
                ModelRole.FINETUNE, "fashion-lab/base", Optional.of("fashion-lab/base"), 1, classes, recipe, dtype, style,
                "mit", Instant.parse("2024-05-06T07:08:09Z"), Optional.empty());
    }
}
