package org.hubdex.trainer.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * The file operations the registry's crash safety rests on: durable writes (fsync of the file, then of its
 * directory, so that a rename is not reordered before the data it names), replacing a file by an atomic rename
 * so that a reader sees the old or the new content and never a part, and deleting a tree.
 */
final class RegistryFiles {

    /** Prefix of every temporary file the registry writes; hidden, so never a version id. */
    static final String TEMP_PREFIX = ".tmp-";

    private RegistryFiles() {
    }

    /** A hidden temporary name beside {@code target}. */
    static Path tempBeside(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    }

    /** Writes {@code content} to a new temporary file beside {@code target} and forces it to disk. */
    static Path writeTemp(Path target, byte[] content) throws IOException {
        Path temp = tempBeside(target);
        Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        force(temp);
        return temp;
    }

    /** Renames {@code temp} over {@code target} atomically, then forces the directory holding both. */
    static void replace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw new IOException("the file system of " + target + " cannot rename atomically; the registry needs it", e);
        }
        forceDirectory(target.getParent());
    }

    /** Copies one file, refusing to overwrite, and forces the copy to disk. */
    static void copyDurably(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        force(to);
    }

    static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Forces a directory's entries to disk where the platform allows it (Linux does; some do not, harmlessly). */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // opening a directory for fsync is not possible everywhere; a rename is still atomic there
        }
    }

    /** Deletes {@code root} and everything under it; a missing tree is not an error. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfPresent(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                deleteIfPresent(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfPresent(Path p) throws IOException {
        Files.deleteIfExists(p);
    }
}
