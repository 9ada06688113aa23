package org.hubdex.zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Fashion-MNIST data set (60,000 training and 10,000 test images of 10 clothing classes), read from the
 * IDX files Debian's {@code dataset-fashion-mnist} package installs under {@link #DEFAULT_DIR}. Each file may be
 * gzip-compressed ({@code train-images-idx3-ubyte.gz}) or not.
 *
 * <p>Immutable and thread-safe once loaded; loading takes about a second.
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The Debian package that provides the data. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
    public static final int CLASS_COUNT = 10;
    public static final int IMAGE_SIZE = 28;
    public static final int PIXELS = IMAGE_SIZE * IMAGE_SIZE;
    /** The official class names, by label. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final ImageSet train;
    private final ImageSet test;

    private FashionMnist(ImageSet train, ImageSet test) {
        this.train = train;
        this.test = test;
    }

    /**
     * Loads the four IDX files from {@code dir}.
     *
     * @throws DatasetUnavailableException if the folder or a file is missing (the message says how to install it)
     * @throws MalformedIdxException if a file is not valid IDX or the shapes do not match Fashion-MNIST's
     */
    public static FashionMnist load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetUnavailableException("Fashion-MNIST not found: " + dir + " does not exist. Install the Debian"
                    + " package " + DEBIAN_PACKAGE + " (sudo apt-get install " + DEBIAN_PACKAGE + "; ops/zoo does it when"
                    + " run as root) or point --data / HUBDEX_ZOO_DATA at a folder with the four IDX files");
        }
        return new FashionMnist(
                imageSet(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 60_000),
                imageSet(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10_000));
    }

    /**
     * A data set from images already in memory (tests and tools that bring their own images). The images need not
     * be the real Fashion-MNIST, but labels must be 0-9.
     */
    public static FashionMnist of(ImageSet train, ImageSet test) {
        for (ImageSet set : new ImageSet[] {train, test}) {
            for (int label : set.labels()) {
                if (label < 0 || label >= CLASS_COUNT) {
                    throw new IllegalArgumentException("labels must be 0-9, got " + label);
                }
            }
        }
        return new FashionMnist(train, test);
    }

    /** The 60,000 training images. */
    public ImageSet train() {
        return train;
    }

    /** The 10,000 test images. */
    public ImageSet test() {
        return test;
    }

    /** A pixel value 0-255 normalized as the public zoos do: {@code Normalize(0.5, 0.5)} after scaling to [0, 1]. */
    public static float normalize(int pixel) {
        return (pixel / 255f - 0.5f) / 0.5f;
    }

    private static ImageSet imageSet(Path dir, String imagesName, String labelsName, int expectedCount) {
        IdxFile images = IdxFile.read(find(dir, imagesName));
        IdxFile labels = IdxFile.read(find(dir, labelsName));
        int[] dims = images.dimensions();
        if (dims.length != 3 || dims[1] != IMAGE_SIZE || dims[2] != IMAGE_SIZE || dims[0] != expectedCount) {
            throw new MalformedIdxException(images.resource(), "expected " + expectedCount + " images of 28x28, got dimensions "
                    + java.util.Arrays.toString(dims));
        }
        if (labels.dimensions().length != 1 || labels.count() != expectedCount) {
            throw new MalformedIdxException(labels.resource(), "expected " + expectedCount + " labels, got dimensions "
                    + java.util.Arrays.toString(labels.dimensions()));
        }
        int[] labelValues = new int[expectedCount];
        for (int i = 0; i < expectedCount; i++) {
            labelValues[i] = labels.data()[i] & 0xff;
            if (labelValues[i] >= CLASS_COUNT) {
                throw new MalformedIdxException(labels.resource(), "label " + i + " is " + labelValues[i] + ", expected 0-9");
            }
        }
        return new ImageSet(images.data(), labelValues);
    }

    private static Path find(Path dir, String name) {
        for (String candidate : new String[] {name + ".gz", name}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new DatasetUnavailableException("Fashion-MNIST file " + name + "[.gz] not found in " + dir + ". Install the"
                + " Debian package " + DEBIAN_PACKAGE + " (ops/zoo does it when run as root)");
    }
}
