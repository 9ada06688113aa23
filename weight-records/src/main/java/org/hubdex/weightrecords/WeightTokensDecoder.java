package org.hubdex.weightrecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hubdex.schemas.MalformedWeightTokensException;
import org.hubdex.schemas.TokenTensor;
import org.hubdex.schemas.WeightTokensTensors;
import org.hubdex.schemas.avro.LayerInfo;
import org.hubdex.schemas.avro.ProbeXLayer;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.weightspace.backbone.TokenSequence;
import org.hubdex.weightspace.tokenize.LayerStats;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * Reads a {@code hub.weight-tokens} record ({@link WeightTokens}) back into weightspace's types: the inverse of
 * {@link WeightTokensEncoder}. The byte fields go through schemas' reference decoder ({@link WeightTokensTensors}),
 * so the shape checks and the float16 widening are the same for every consumer; this class adds the record-level
 * checks that decoder leaves out (layer shapes, the ProbeX source shape) so that a malformed record fails here,
 * with its model and sha, rather than deep inside training.
 *
 * <p>Stateless and thread-safe.
 */
public final class WeightTokensDecoder {

    private WeightTokensDecoder() {
    }

    /**
     * The record's tokens, ProbeX matrix and layer summaries.
     *
     * @throws MalformedWeightTokensException when a byte field does not match the shape the record declares, a
     *     layer has a negative dimension, or the ProbeX matrix does not match its source shape
     */
    public static DecodedTokens decode(WeightTokens record) {
        String where = record.getModelId() + "@" + record.getSha();
        TokenTensor tensor = WeightTokensTensors.decode(record);
        TokenSequence tokens;
        try {
            tokens = new TokenSequence(tensor.tokenCount(), tensor.tokenSize(), tensor.values(), tensor.mask(), tensor.positions());
        } catch (IllegalArgumentException e) {
            throw new MalformedWeightTokensException(where + ": " + e.getMessage());
        }
        List<LayerSummary> layers = new ArrayList<>(record.getLayers().size());
        for (LayerInfo layer : record.getLayers()) {
            layers.add(layer(where, layer));
        }
        return new DecodedTokens(record.getModelId(), record.getSha(), tokens, probeX(where, record.getProbeX()), layers,
                record.getTokenizerVersion());
    }

    private static LayerSummary layer(String where, LayerInfo layer) {
        long[] shape = layer.getShape().stream().mapToLong(Long::longValue).toArray();
        for (long d : shape) {
            if (d < 0) {
                throw new MalformedWeightTokensException(where + ": layer " + layer.getName() + " has shape " + layer.getShape());
            }
        }
        org.hubdex.schemas.avro.LayerStats s = layer.getStats();
        Optional<LayerStats> stats = s == null ? Optional.empty()
                : Optional.of(new LayerStats(s.getMean(), s.getStd(), s.getQ01(), s.getQ25(), s.getQ50(), s.getQ75(), s.getQ99()));
        return new LayerSummary(layer.getLayerIndex(), layer.getName(), shape, stats);
    }

    private static Optional<ProbeXMatrix> probeX(String where, ProbeXLayer layer) {
        if (layer == null) {
            return Optional.empty();
        }
        float[] values = WeightTokensTensors.probeXValues(layer);
        // v1 records have no source shape (read as []): the matrix itself is the best description left
        long[] sourceShape = layer.getSourceShape().isEmpty() ? new long[] {layer.getRows(), layer.getCols()}
                : layer.getSourceShape().stream().mapToLong(Long::longValue).toArray();
        long elements = 1;
        for (long d : sourceShape) {
            elements = d < 0 ? -1 : elements * d;
            if (elements < 0) {
                break;
            }
        }
        if (elements != values.length) {
            throw new MalformedWeightTokensException(where + ": ProbeX layer " + layer.getLayerName() + " has source shape "
                    + layer.getSourceShape() + " but " + layer.getRows() + "x" + layer.getCols() + " values");
        }
        return Optional.of(new ProbeXMatrix(layer.getLayerName(), sourceShape, layer.getRows(), layer.getCols(), values));
    }
}
