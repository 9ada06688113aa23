package org.hubdex.jobs.tokenize;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.RemoteFile;
import org.hubdex.hub.WeightFiles;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.weightrecords.WeightTokensEncoder;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.tokenize.TokenizedModel;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;


/**
 * Fetches and tokenizes one revision of one model through the hub client: where its safetensors weights
 * are ({@link HubClient#resolveWeights}), each file's header (ranged reads), then only the byte ranges the
 * tokenizer keeps. Plain code, no Flink in it, so that it is tested without a cluster; the job's async
 * function runs it on its own threads.
 *
 * <p>Thread-safe when the hub client is (it is).
 */
public final class ModelTokenizer {

    private final HubClient hub;
    private final WeightTokenizer tokenizer;
    private final Clock clock;

    public ModelTokenizer(HubClient hub, WeightTokenizer tokenizer, Clock clock) {
        this.hub = hub;
        this.tokenizer = tokenizer;
        this.clock = clock;
    }

    /** What one call did: the record and the bytes fetched for it (headers included). */
    public record Result(WeightTokens tokens, long bytesFetched, int files) {
    }

    /**
     * The {@code hub.weight-tokens} record of revision {@code sha} of {@code modelId}.
     *
     * @throws NoSafetensorsWeightsException when the revision has no safetensors weights in a known layout
     * @throws org.hubdex.hub.HubException when the hub refuses (gated, gone, rate limited after retries, ...)
     * @throws org.hubdex.weightspace.WeightspaceException when the weights are corrupt, truncated or empty
     */
    public Result tokenize(String modelId, String sha) {
        WeightFiles weights = hub.resolveWeights(modelId, Optional.of(sha), Optional.empty());
        if (!weights.found()) {
            throw new NoSafetensorsWeightsException(modelId + "@" + sha
                    + " has no safetensors weights (model.safetensors, a sharded index or a diffusers folder);"
                    + " other formats (pickle .bin, GGUF, ONNX) are not read");
        }
        List<RemoteFile> opened = new ArrayList<>();
        try {
            List<WeightFile> files = new ArrayList<>();
            for (String path : weights.files()) {
                RemoteFile file = hub.openFile(modelId, Optional.of(sha), path);
                opened.add(file);
                files.add(new WeightFile(path, file, SafetensorsReader.readHeader(file)));
            }
            TokenizedModel model = tokenizer.tokenize(files, sha);
            WeightTokens record = WeightTokensEncoder.encode(modelId, sha, weights.files(), model, clock.instant());
            return new Result(record, opened.stream().mapToLong(RemoteFile::bytesRead).sum(), files.size());
        } finally {
            opened.forEach(RemoteFile::close);
        }
    }

    /** A revision without safetensors weights. */
    public static final class NoSafetensorsWeightsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSafetensorsWeightsException(String message) {
            super(message);
        }
    }
}
