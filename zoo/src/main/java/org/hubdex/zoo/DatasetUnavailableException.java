package org.hubdex.zoo;

/** The Fashion-MNIST files are not where the generator looks for them. */
public class DatasetUnavailableException extends ZooException {

    private static final long serialVersionUID = 1L;

    public DatasetUnavailableException(String message) {
        super(message);
    }
}
