package org.hubdex.weightspace.safetensors;

/**
 * A tensor's dtype is valid but has no float32 reading (see {@link DtypeConversions#unsupportedReason}):
 * a caller that wants floats, such as the weight tokenizer, skips the tensor with {@link #reason()}.
 * The file itself is not corrupt.
 */
public class UnsupportedDtypeException extends SafetensorsException {

    private final Dtype dtype;
    private final String reason;

    public UnsupportedDtypeException(String resource, String tensorName, Dtype dtype, String reason) {
        super(resource, "tensor '" + tensorName + "' is " + dtype + ", which has no float32 reading: " + reason);
        this.dtype = dtype;
        this.reason = reason;
    }

    /** The dtype that cannot be converted. */
    public Dtype dtype() {
        return dtype;
    }

    /** Why, in a few words (for example "boolean mask, not a weight"). */
    public String reason() {
        return reason;
    }
}
