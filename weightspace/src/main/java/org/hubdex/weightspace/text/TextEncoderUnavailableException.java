package org.hubdex.weightspace.text;

/**
 * The text encoder's model could not be loaded: its jar is not on the classpath, a file in it is missing, or
 * the native runtime (ONNX Runtime, the Hugging Face tokenizer library) could not start. The message names
 * the jar or file expected. Nothing is ever downloaded instead.
 */
public class TextEncoderUnavailableException extends TextEncoderException {

    public TextEncoderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public TextEncoderUnavailableException(String message) {
        super(message);
    }
}
