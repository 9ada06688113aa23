package org.hubdex.weightspace;

/**
 * Root of every exception the weightspace library throws. Subclasses are named after the condition
 * (for example {@link EngineUnavailableException}); callers that only need "weightspace failed" catch
 * this type.
 *
 * <p>Unchecked: the conditions it covers (a missing native library, a corrupt file) are not ones a
 * caller can usually repair on the spot.
 */
public class WeightspaceException extends RuntimeException {

    public WeightspaceException(String message) {
        super(message);
    }

    public WeightspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
