package org.hubdex.jobs;

/**
 * Root of the exceptions thrown by Hubdex's Flink building blocks; each subclass names the condition.
 */
public class JobsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobsException(String message, Throwable cause) {
        super(message, cause);
    }
}
