package org.hubdex.indexer.index;

/**
 * What one {@link ElasticsearchSink#write} did.
 *
 * @param written documents indexed or deleted
 * @param conflicts writes Elasticsearch refused because the document holds a newer version (an older revision
 *     arriving late): success, ignored
 * @param skipped changes that did not change the document (an older revision's embedding)
 * @param deadLettered documents refused for good (mapping errors, or retries exhausted), handed to the dead letters
 * @param retries bulk requests or items retried
 */
public record SinkResult(int written, int conflicts, int skipped, int deadLettered, int retries) {

    /** Nothing done. */
    public static final SinkResult EMPTY = new SinkResult(0, 0, 0, 0, 0);

    /** The sum of two results. */
    public SinkResult plus(SinkResult o) {
        return new SinkResult(written + o.written, conflicts + o.conflicts, skipped + o.skipped, deadLettered + o.deadLettered,
                retries + o.retries);
    }
}
