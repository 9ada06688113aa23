package org.hubdex.trainer.corpus.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The file operations the corpus's crash safety rests on: a file written and forced to the device, a directory's
 * entries (a created or renamed child) forced too, a tree deleted. On Linux a rename is durable only once its
 * directory is forced, which {@link java.nio.file.Files#move} does not do.
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /** Writes {@code bytes} to a new file and forces its content and metadata to the device. */
    public static void writeNew(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }

    /** Forces a directory's entries to the device (after creating, renaming or deleting a child). */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms (not Linux) cannot open a directory; there the rename's own durability is all there is.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return;
            }
            throw e;
        }
    }

    /** Creates {@code dir} and its missing parents up to {@code root}, forcing each parent whose entries changed. */
    public static void createDirectories(Path root, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (!parent.equals(root) && parent.startsWith(root)) {
            createDirectories(root, parent);
        }
        Files.createDirectory(dir);
        forceDirectory(parent);
    }

    /** Deletes a file or a directory tree; nothing when it does not exist. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
