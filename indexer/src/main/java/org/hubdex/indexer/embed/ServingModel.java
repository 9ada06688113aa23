package org.hubdex.indexer.embed;

import java.util.Objects;
import org.hubdex.weightspace.modelset.ModelSet;

/**
 * One loaded model version: its id (as on {@code hub.control}) and its model set. The embedder holds exactly one at a
 * time and replaces it between batches; the replaced one is closed (its native memory released).
 */
record ServingModel(String version, ModelSet modelSet) {

    ServingModel {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelSet, "modelSet");
    }
}
