package org.hubdex.weightspace;

/**
 * The deep learning engine (DJL on PyTorch) could not be loaded, typically because its native library
 * is neither on the classpath nor in DJL's cache and DJL runs offline, so it may not download it. The
 * message names the engine, the native jar expected and the offline setting in force.
 */
public class EngineUnavailableException extends WeightspaceException {

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
