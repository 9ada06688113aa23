package org.hubdex.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.CategoryScore;
import org.hubdex.schemas.avro.ControlKind;
import org.hubdex.schemas.avro.ControlMessage;
import org.hubdex.schemas.avro.CrawlerState;
import org.hubdex.schemas.avro.CrawlerStateKind;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.GatedMode;
import org.hubdex.schemas.avro.LayerInfo;
import org.hubdex.schemas.avro.LayerStats;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.ModelFile;
import org.hubdex.schemas.avro.ProbeXLayer;
import org.hubdex.schemas.avro.Routing;
import org.hubdex.schemas.avro.RoutingMethod;
import org.hubdex.schemas.avro.SkippedTensor;
import org.hubdex.schemas.avro.TokenDtype;
import org.hubdex.schemas.avro.TokenizerConfig;
import org.hubdex.schemas.avro.TrendKind;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.schemas.avro.WeightTokens;

/**
 * One record of each topic's value type with every field set, nested ones included, and no value
 * left at its default, so that a round trip that dropped or defaulted a field would show.
 * {@link RoundTripTest} checks that every field really is set.
 */
final class SampleRecords {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00.123Z");

    private SampleRecords() {
    }

    /** The sample value of a topic. */
    static SpecificRecord of(Topic topic) {
        return switch (topic) {
            case MODEL_EVENTS -> modelEvent();
            case WEIGHT_TOKENS -> weightTokens();
            case MODEL_EMBEDDINGS -> modelEmbedding();
            case TRENDS -> trendRecord();
            case CONTROL -> controlMessage();
            case DEAD_LETTERS -> deadLetter();
            case CRAWLER_STATE -> crawlerState();
        };
    }

    static ModelEvent modelEvent() {
        return ModelEvent.newBuilder()
                .setKind(ModelEventKind.UNAVAILABLE)
                .setUnavailableReason("gated: manual approval")
                .setModelId("google/vit-base-patch16-224")
                .setSha("3f49326eb077187dfe1c2a2bb15fbd74e6ab91e3")
                .setHubUrl("https://huggingface.co")
                .setAuthor("google")
                .setCreatedAt(T0.minusSeconds(86_400 * 700))
                .setLastModified(T0.minusSeconds(3600))
                .setObservedAt(T0)
                .setTags(List.of("vision", "image-classification", "vit"))
                .setPipelineTag("image-classification")
                .setLibraryName("transformers")
                .setCardData(CardData.newBuilder()
                        .setBaseModels(List.of("google/vit-base-patch16-224-in21k"))
                        .setLicense("apache-2.0")
                        .setDatasets(List.of("imagenet-1k", "imagenet-21k"))
                        .setLanguages(List.of("en"))
                        .build())
                .setFiles(List.of(
                        ModelFile.newBuilder().setPath("model.safetensors").setSize(346_293_852L)
                                .setLfsSha256("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90").build(),
                        ModelFile.newBuilder().setPath("config.json").setSize(69_665L)
                                .setLfsSha256("00ff").build()))
                .setParametersByDtype(Map.of("F32", 86_567_656L, "BF16", 12L))
                .setParameterTotal(86_567_668L)
                .setGated(GatedMode.MANUAL)
                .setPrivateRepo(true)
                .setDisabled(true)
                .setDownloads(1_234_567L)
                .setLikes(890L)
                .build();
    }

    static WeightTokens weightTokens() {
        int tokenCount = 2;
        int tokenSize = 4;
        ByteBuffer tokens = ByteBuffer.allocate(tokenCount * tokenSize * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer mask = ByteBuffer.allocate(tokenCount * tokenSize);
        for (int i = 0; i < tokenCount * tokenSize; i++) {
            boolean real = i < 6; // the second token is padded after two values
            tokens.putFloat(real ? 0.01f * (i - 3) : 0f);
            mask.put((byte) (real ? 1 : 0));
        }
        ByteBuffer positions = ByteBuffer.allocate(tokenCount * 3 * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        positions.putInt(0).putInt(0).putInt(0);
        positions.putInt(1).putInt(1).putInt(0);
        ByteBuffer probe = ByteBuffer.allocate(2 * 3 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            probe.putShort((short) (0x3C00 + i)); // float16 values near 1.0
        }
        return WeightTokens.newBuilder()
                .setModelId("google/vit-base-patch16-224")
                .setSha("3f49326eb077187dfe1c2a2bb15fbd74e6ab91e3")
                .setTokenizerVersion("tok-1.0.0")
                .setTokenizerConfig(TokenizerConfig.newBuilder()
                        .setTokenSize(tokenSize).setMaxTokens(4096).setSampled(true).setSampleSeed(42L)
                        .setWindowTokens(64).setMaxProbeXElements(1 << 20).setProbeXLayerPattern("classifier").build())
                .setTokenDtype(TokenDtype.FLOAT32)
                .setTokenCount(tokenCount)
                .setTokens(tokens.flip())
                .setMask(mask.flip())
                .setPositions(positions.flip())
                .setLayers(List.of(
                        layer("encoder.layer.0.attention.query.weight", 0, 0),
                        layer("classifier.weight", 1, 1)))
                .setProbeX(ProbeXLayer.newBuilder()
                        .setLayerName("classifier.weight").setRows(2).setCols(3)
                        .setDtype(TokenDtype.FLOAT16).setValues(probe.flip()).setSourceShape(List.of(2L, 3L)).build())
                .setProbeXMissingReason("(set only when probeX is null; here to cover the field)")
                .setSkippedTensors(List.of(SkippedTensor.newBuilder()
                        .setName("embeddings.position_ids").setReason("non-learned buffer (position_ids)").build()))
                .setWeightFiles(List.of("model.safetensors"))
                .setTensorBytesRead(24L)
                .setParameterTotal(86_567_656L)
                .setParametersTokenized(6L)
                .setCreatedAt(T0)
                .build();
    }

    private static LayerInfo layer(String name, int index, int firstToken) {
        return LayerInfo.newBuilder()
                .setName(name)
                .setLayerIndex(index)
                .setShape(List.of(768L, 768L))
                .setSourceDtype("F32")
                .setElementCount(589_824L)
                .setFirstToken(firstToken)
                .setTokenCount(1)
                .setStats(LayerStats.newBuilder()
                        .setMean(1e-4).setStd(0.02).setQ01(-0.05).setQ25(-0.013).setQ50(0.0001)
                        .setQ75(0.0135).setQ99(0.051).build())
                .setBiasName(name.replace(".weight", ".bias"))
                .setTokensEmitted(1)
                .build();
    }

    static ModelEmbedding modelEmbedding() {
        return ModelEmbedding.newBuilder()
                .setModelId("google/vit-base-patch16-224")
                .setSha("3f49326eb077187dfe1c2a2bb15fbd74e6ab91e3")
                .setModelVersion("2026-11-25T12-00-00Z")
                .setBackbone(List.of(0.25f, -1.5f, 3.0e-7f, Float.MAX_VALUE))
                .setTextEmbedding(List.of(0.1f, 0.2f, -0.3f))
                .setCategories(List.of(
                        CategoryScore.newBuilder().setCategory("image-classification").setProbability(0.91).build(),
                        CategoryScore.newBuilder().setCategory("feature-extraction").setProbability(0.07).build()))
                .setTree("google/vit-base-patch16-224-in21k")
                .setRouting(Routing.newBuilder().setMethod(RoutingMethod.WEIGHTS).setConfidence(0.83).build())
                .setTokenizerVersion("tok-1.0.0")
                .setEmbeddedAt(T0)
                .build();
    }

    static TrendRecord trendRecord() {
        return TrendRecord.newBuilder()
                .setKind(TrendKind.ALERT)
                .setDimension("tree")
                .setValue("google/vit-base-patch16-224-in21k")
                .setWindowStart(T0.minusSeconds(3600))
                .setWindowEnd(T0)
                .setWindowSizeMs(3_600_000L)
                .setCount(42L)
                .setBaseline(6.5)
                .setFactor(42 / 6.5)
                .setEmittedAt(T0.plusMillis(7))
                .setBaselineWindows(24)
                .setThresholdFactor(3.0)
                .setMinCount(5L)
                .build();
    }

    static ControlMessage controlMessage() {
        return ControlMessage.newBuilder()
                .setKind(ControlKind.MODEL_VERSION_RETIRED)
                .setModelVersion("2026-11-25T12-00-00Z")
                .setRegistryUri("file:///var/lib/hubdex/registry/2026-11-25T12-00-00Z")
                .setPublishedAt(T0)
                .setMetrics(Map.of("recall@10", 0.71, "category.accuracy", 0.88))
                .setComponents(Map.of("backbone", "bb-7", "probex", "px-3", "tokenizer", "tok-1.0.0"))
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("hub.model-events")
                .setSourcePartition(3)
                .setSourceOffset(1042L)
                .setKey("google/vit-base-patch16-224")
                .setModelId("google/vit-base-patch16-224")
                .setSha("3f49326eb077187dfe1c2a2bb15fbd74e6ab91e3")
                .setStage("tokenize")
                .setErrorClass("org.hubdex.weightspace.SafetensorsHeaderTooLargeException")
                .setReason("header of 120 MB exceeds the 100 MB cap")
                .setPayloadRef("hub.model-events/3/1042")
                .setFailedAt(T0)
                .setAttempts(3)
                .build();
    }

    static CrawlerState crawlerState() {
        return CrawlerState.newBuilder()
                .setCrawlerId("huggingface.co")
                .setKind(CrawlerStateKind.PASS_PROGRESS)
                .setModelId("google/vit-base-patch16-224")
                .setSha("3f49326eb077187dfe1c2a2bb15fbd74e6ab91e3")
                .setPassName("poll:createdAt")
                .setHighWaterMark(T0.minusSeconds(3600))
                .setPassNewest(T0)
                .setNextPageUrl("https://huggingface.co/api/models?sort=createdAt&cursor=eyJ9")
                .setCompleted(true)
                .setPagesDone(12)
                .setUpdatedAt(T0.plusMillis(5))
                .build();
    }
}
