package org.hubdex.zoo.internal;

import java.util.Arrays;
import java.util.List;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.ImageSet;

/**
 * The images of each class of an {@link ImageSet}, computed once, and the samples the zoo draws from them: a
 * model's training sample is, for each of its classes, the first {@code samplesPerClass} images of that class in an
 * order shuffled with the model's seed; its test set is every image of its classes. Immutable and thread-safe.
 */
public final class ClassIndex {

    private final int[][] byClass = new int[FashionMnist.CLASS_COUNT][];

    public ClassIndex(ImageSet images) {
        for (int c = 0; c < FashionMnist.CLASS_COUNT; c++) {
            byClass[c] = images.indicesOf(c);
        }
    }

    /** The training sample of a model with these classes, cap and seed (class by class, in head order). */
    public int[] sample(List<Integer> classes, int samplesPerClass, long seed) {
        Rng rng = new Rng(Rng.derive(seed, "sample"));
        int total = 0;
        int[][] parts = new int[classes.size()][];
        for (int i = 0; i < classes.size(); i++) {
            int[] all = byClass[classes.get(i)].clone();
            if (samplesPerClass < all.length) {
                rng.shuffle(all);
                all = Arrays.copyOf(all, samplesPerClass);
            }
            parts[i] = all;
            total += all.length;
        }
        int[] sample = new int[total];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, sample, at, part.length);
            at += part.length;
        }
        return sample;
    }

    /** Every image of these classes. */
    public int[] all(List<Integer> classes) {
        return sample(classes, Integer.MAX_VALUE, 0);
    }

    /** {@code result[c]} = head index of class {@code c}, or -1 if the head does not predict it. */
    public static int[] headIndexOfClass(List<Integer> classes) {
        int[] head = new int[FashionMnist.CLASS_COUNT];
        Arrays.fill(head, -1);
        for (int i = 0; i < classes.size(); i++) {
            head[classes.get(i)] = i;
        }
        return head;
    }
}
