package org.hubdex.trainer.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import org.hubdex.hub.EntryNotFoundException;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.RemoteFile;

/**
 * Fetches a revision's {@code config.json} and {@code README.md} through the hub client and reads them into a
 * {@link RepoCard}. Each file is one ranged read of its first bytes ({@link RemoteFile}), so a huge card or config
 * costs no more than the cap. A file the hub does not have at that revision (404, {@link EntryNotFoundException})
 * means "no card" or "no config", a fact about the model, not an error; every other hub failure propagates as the
 * client's typed {@link org.hubdex.hub.HubException} (after the client's own retries), so that the caller decides
 * between retrying later (unreachable, 5xx, rate limited) and giving up (gone, gated).
 *
 * <p>Thread-safe when the hub client is (it is).
 */
public final class CardFetcher {

    private final HubClient hub;
    private final int cardMaxChars;

    /**
     * @param cardMaxChars longest card text kept
     */
    public CardFetcher(HubClient hub, int cardMaxChars) {
        this.hub = hub;
        this.cardMaxChars = cardMaxChars;
    }

    /**
     * The card of {@code modelId} at {@code sha}.
     *
     * @throws org.hubdex.hub.HubException when the hub fails otherwise than "no such file"
     */
    public RepoCard fetch(String modelId, String sha) {
        Optional<byte[]> config = read(modelId, sha, "config.json", RepoCard.CONFIG_MAX_BYTES + 1);
        Optional<byte[]> readme = read(modelId, sha, "README.md", RepoCard.README_MAX_BYTES);
        return RepoCard.of(config, readme, cardMaxChars, modelId + "@" + sha);
    }

    /** The first {@code max} bytes of a file; empty when the revision has no such file. */
    private Optional<byte[]> read(String modelId, String sha, String path, int max) {
        try (RemoteFile file = hub.openFile(modelId, Optional.of(sha), path)) {
            byte[] bytes = file.read(0, max);
            return Optional.of(bytes.length > max ? Arrays.copyOf(bytes, max) : bytes);
        } catch (EntryNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            // RemoteFile reports hub failures as HubExceptions; an IOException here is a closed file, a bug
            throw new UncheckedIOException("reading " + modelId + "@" + sha + ":" + path, e);
        }
    }
}
