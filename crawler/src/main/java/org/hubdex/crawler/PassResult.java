package org.hubdex.crawler;

/**
 * What one run of a pass did.
 *
 * @param passName the pass
 * @param pages pages committed in this run
 * @param emitted events written
 * @param skipped models already emitted with the same sha
 * @param completed whether the pass reached its mark or the end of its listing (false: paused at a page limit)
 */
public record PassResult(String passName, int pages, long emitted, long skipped, boolean completed) {
}
