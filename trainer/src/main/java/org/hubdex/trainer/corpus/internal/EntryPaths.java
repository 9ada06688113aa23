package org.hubdex.trainer.corpus.internal;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.hubdex.trainer.corpus.InvalidEntryException;

/**
 * Where an entry lives: {@code entries/<author>/<name>/<sha>/} ({@code entries/_/<name>/<sha>/} for a legacy id
 * without a namespace; {@code _} cannot be an author). Every part must be a plain, safe file name, so that no model
 * id can escape the corpus directory.
 */
public final class EntryPaths {

    /** Hub names: letters, digits, {@code . _ -}, starting with a letter or digit (the hub's rule, widened in length). */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String NO_AUTHOR = "_";

    private EntryPaths() {
    }

    /**
     * The folder of (model, sha) under {@code entriesDir}.
     *
     * @throws InvalidEntryException when the id or sha cannot name a folder
     */
    public static Path entryDir(Path entriesDir, String modelId, String sha) {
        int slash = modelId.indexOf('/');
        String author = slash < 0 ? NO_AUTHOR : modelId.substring(0, slash);
        String name = slash < 0 ? modelId : modelId.substring(slash + 1);
        if ((slash >= 0 && !PART.matcher(author).matches()) || !PART.matcher(name).matches() || name.contains("/")) {
            throw new InvalidEntryException("model id '" + modelId + "' is not author/name with names matching " + PART.pattern());
        }
        if (!PART.matcher(sha).matches() || sha.endsWith(".")) {
            throw new InvalidEntryException("sha '" + sha + "' of " + modelId + " is not a revision id matching " + PART.pattern());
        }
        return entriesDir.resolve(author).resolve(name).resolve(sha);
    }
}
