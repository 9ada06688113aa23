package org.hubdex.zoo.internal;

import java.util.Arrays;
import java.util.Set;
import org.hubdex.zoo.Augmentation;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.ImageSet;

/**
 * Assembles training batches in Java: normalized pixels of the chosen images, augmented with the model's own
 * {@link Rng}, and one-hot targets over the model's head. Doing this on the Java side keeps every random choice
 * seeded per model (the engine's generator is global) and costs far less than a training step.
 *
 * <p>Not thread-safe: one per training run. Reuses its buffers between batches.
 */
final class BatchMaker {

    /** Normalized value of a black pixel, what a shift uncovers. */
    private static final float BACKGROUND = FashionMnist.normalize(0);
    private static final int SIDE = FashionMnist.IMAGE_SIZE;
    private static final int MAX_SHIFT = 2;
    /** Half-width of the uniform pixel noise: standard deviation 0.1. */
    private static final double NOISE_HALF_WIDTH = 0.1 * Math.sqrt(3);

    private final ImageSet images;
    private final int[] headIndexOfClass;
    private final int numClasses;
    private final boolean flip;
    private final boolean shift;
    private final boolean noise;
    private final float[] scratch = new float[FashionMnist.PIXELS];

    BatchMaker(ImageSet images, int[] headIndexOfClass, int numClasses, Set<Augmentation> augmentations) {
        this.images = images;
        this.headIndexOfClass = headIndexOfClass;
        this.numClasses = numClasses;
        this.flip = augmentations.contains(Augmentation.HFLIP);
        this.shift = augmentations.contains(Augmentation.SHIFT);
        this.noise = augmentations.contains(Augmentation.NOISE);
    }

    /**
     * Fills {@code pixels} ({@code count * 784}) and {@code targets} ({@code count * numClasses}, one-hot) with
     * images {@code order[from .. from+count)}.
     */
    void fill(int[] order, int from, int count, float[] pixels, float[] targets, Rng rng) {
        Arrays.fill(targets, 0, count * numClasses, 0f);
        for (int k = 0; k < count; k++) {
            int image = order[from + k];
            int offset = k * FashionMnist.PIXELS;
            images.normalized(image, pixels, offset);
            if (flip && rng.chance(0.5)) {
                flip(pixels, offset);
            }
            if (shift) {
                int dx = rng.between(-MAX_SHIFT, MAX_SHIFT);
                int dy = rng.between(-MAX_SHIFT, MAX_SHIFT);
                if (dx != 0 || dy != 0) {
                    shift(pixels, offset, dx, dy);
                }
            }
            if (noise) {
                for (int i = 0; i < FashionMnist.PIXELS; i++) {
                    pixels[offset + i] += (float) ((2 * rng.nextDouble() - 1) * NOISE_HALF_WIDTH);
                }
            }
            targets[k * numClasses + headIndexOfClass[images.labels()[image]]] = 1f;
        }
    }

    /** The head index of image {@code image}'s class. */
    int target(int image) {
        return headIndexOfClass[images.labels()[image]];
    }

    private static void flip(float[] pixels, int offset) {
        for (int row = 0; row < SIDE; row++) {
            int start = offset + row * SIDE;
            for (int a = start, b = start + SIDE - 1; a < b; a++, b--) {
                float t = pixels[a];
                pixels[a] = pixels[b];
                pixels[b] = t;
            }
        }
    }

    private void shift(float[] pixels, int offset, int dx, int dy) {
        System.arraycopy(pixels, offset, scratch, 0, FashionMnist.PIXELS);
        for (int row = 0; row < SIDE; row++) {
            int sourceRow = row - dy;
            for (int col = 0; col < SIDE; col++) {
                int sourceCol = col - dx;
                pixels[offset + row * SIDE + col] = sourceRow >= 0 && sourceRow < SIDE && sourceCol >= 0 && sourceCol < SIDE
                        ? scratch[sourceRow * SIDE + sourceCol]
                        : BACKGROUND;
            }
        }
    }
}
