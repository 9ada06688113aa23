package org.hubdex.weightspace.safetensors;

/** The tensors' data offsets, sorted, do not tile the data buffer from 0: a gap, an overlap, or a reversed range. */
public class OffsetMismatchException extends SafetensorsException {

    public OffsetMismatchException(String resource, String message) {
        super(resource, message);
    }
}
