package org.hubdex.trainer.registry;

/**
 * The steps of {@link ModelRegistry#publish}, in order: the points at which a crash may stop it. Tests stop a
 * publish at each through a {@link PublishObserver} and check what a fresh registry then reads.
 */
enum PublishStep {
    /** The version's directory exists, empty. */
    DIRECTORY_CREATED,
    /** One more staged file was copied in (reported once per file). */
    FILE_COPIED,
    /** Every staged file is in; no manifest yet: the version is incomplete. */
    FILES_COPIED,
    /** The manifest is written to a temporary file beside its final name. */
    MANIFEST_STAGED,
    /** {@code MANIFEST.json} is in place: the version is complete, not yet current. */
    MANIFEST_WRITTEN,
    /** The new {@code current} is written to a temporary file beside it. */
    CURRENT_STAGED,
    /** {@code current} names the new version. */
    CURRENT_MOVED
}
