package org.hubdex.zoo;

import java.util.stream.IntStream;

/**
 * Images and their labels, as read from IDX files: {@code size} grey 28x28 images as unsigned bytes, row-major,
 * one after another, and one class index (0-9) per image.
 *
 * <p>The arrays are shared, not copied: treat them as read-only. Thread-safe to read.
 *
 * @param pixels {@code size * 784} unsigned bytes
 * @param labels {@code size} class indices
 */
public record ImageSet(byte[] pixels, int[] labels) {

    public ImageSet {
        if (pixels.length != (long) labels.length * FashionMnist.PIXELS) {
            throw new IllegalArgumentException("expected " + labels.length + " images of " + FashionMnist.PIXELS
                    + " pixels, got " + pixels.length + " pixels");
        }
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /**
     * Writes image {@code image}, normalized as the public zoos do ({@code (p/255 - 0.5) / 0.5}, i.e. to
     * [-1, 1]), into {@code dest} from {@code offset}.
     */
    public void normalized(int image, float[] dest, int offset) {
        int from = image * FashionMnist.PIXELS;
        for (int i = 0; i < FashionMnist.PIXELS; i++) {
            dest[offset + i] = FashionMnist.normalize(pixels[from + i] & 0xff);
        }
    }

    /** The indices of the images of class {@code label}, ascending. */
    public int[] indicesOf(int label) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
    }
}
