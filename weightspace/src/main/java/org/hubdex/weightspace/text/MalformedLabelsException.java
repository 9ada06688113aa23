package org.hubdex.weightspace.text;

import org.hubdex.weightspace.WeightspaceException;

/**
 * A model's {@code id2label} cannot be read as a list of classes: a key is not a class index, or two keys
 * name the same class. The config comes from the hub, so this is bad data, not a caller's mistake; callers
 * treat the model as having no known class names and say why.
 */
public class MalformedLabelsException extends WeightspaceException {

    public MalformedLabelsException(String message) {
        super(message);
    }

    public MalformedLabelsException(String message, Throwable cause) {
        super(message, cause);
    }
}
