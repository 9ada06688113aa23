package org.hubdex.stack.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the last lines of a log file for error messages. Stateless. */
public final class LogTail {

    private LogTail() {
    }

    /** The last {@code lines} lines of {@code file} (at most 16 KiB read), or a note that it is missing. */
    public static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 16 * 1024);
            byte[] buf = new byte[n];
            f.seek(len - n);
            f.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, all.length - lines);
            StringBuilder sb = new StringBuilder("--- last lines of " + file + " ---\n");
            for (int i = from; i < all.length; i++) {
                sb.append(all[i]).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
