package org.hubdex.trainer.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time per registry directory: a lock per directory inside this JVM (a file lock is held by the
 * process, so threads of one JVM must queue before it), then an exclusive lock on {@code registry/.lock} against
 * other processes. Readers never take it: the registry's files are replaced atomically, so readers need no lock.
 */
final class WriterLock implements AutoCloseable {

    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private WriterLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static WriterLock acquire(Path root) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(root.toAbsolutePath().normalize(), k -> new ReentrantLock());
        local.lock();
        if (local.getHoldCount() > 1) {
            local.unlock();
            throw new IllegalStateException("the registry's writer lock is not reentrant: " + root);
        }
        Path file = root.resolve(".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new WriterLock(local, channel, channel.lock());
        } catch (IOException e) {
            closeQuietly(channel);
            local.unlock();
            throw new RegistryIoException("cannot lock " + file + " for writing: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
        } catch (IOException e) {
            // closing the channel below releases it anyway
        } finally {
            closeQuietly(channel);
            local.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }
}
