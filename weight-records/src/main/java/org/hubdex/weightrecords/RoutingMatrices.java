package org.hubdex.weightrecords;

import java.util.Optional;
import org.hubdex.weightspace.router.RoutingFeatures;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/** The routing matrix of a decoded record ({@link RoutingFeatures}): finds the ProbeX layer's index by its name. */
public final class RoutingMatrices {

    private RoutingMatrices() {
    }

    public static Optional<ProbeXMatrix> of(DecodedTokens tokens) {
        int index = -1;
        if (tokens.probeX().isPresent()) {
            String name = tokens.probeX().get().layerName();
            for (LayerSummary layer : tokens.layers()) {
                if (layer.name().equals(name) || (layer.name() + ".weight").equals(name)) {
                    index = layer.index();
                    break;
                }
            }
        }
        return RoutingFeatures.of(tokens.tokens(), tokens.probeX(), index);
    }
}
