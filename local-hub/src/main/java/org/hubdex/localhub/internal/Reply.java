package org.hubdex.localhub.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalDouble;

/**
 * Writes one response on an exchange, remembering what was sent (status, body bytes) for the request
 * log, and cutting the body short when a truncate fault is armed: the full {@code Content-Length} is
 * declared, a fraction written, then {@link Truncated} is thrown so the handler closes the
 * connection. HEAD answers carry the headers of the GET, with {@code Content-Length}, and no body.
 * One instance per exchange; not thread-safe.
 */
public final class Reply {

    /** Thrown after a body was cut on purpose: the connection must be closed, not reused. */
    public static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super("body truncated on purpose", null, false, false);
        }
    }

    private final HttpExchange exchange;
    private final boolean head;
    private OptionalDouble truncateKeep = OptionalDouble.empty();
    private int status;
    private long bytesSent;
    private boolean sent;

    public Reply(HttpExchange exchange) {
        this.exchange = exchange;
        this.head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    }

    /** Arms the truncate fault: the next body keeps only this fraction. */
    public void truncate(double keep) {
        truncateKeep = OptionalDouble.of(keep);
    }

    public boolean isHead() {
        return head;
    }

    public int status() {
        return status;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public boolean sent() {
        return sent;
    }

    public Reply header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
        return this;
    }

    /** A JSON body, {@code application/json; charset=utf-8}. */
    public void json(int code, String body) throws IOException {
        bytes(code, body.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    }

    /** An in-memory body. */
    public void bytes(int code, byte[] body, String contentType) throws IOException {
        header("Content-Type", contentType);
        try (InputStream in = new java.io.ByteArrayInputStream(body)) {
            stream(code, in, body.length);
        }
    }

    /** {@code length} bytes of {@code file} from {@code offset}. */
    public void file(int code, Path file, long offset, long length, String contentType) throws IOException {
        header("Content-Type", contentType);
        if (head) {
            stream(code, InputStream.nullInputStream(), length);
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(offset);
            stream(code, Channels.newInputStream(ch), length);
        }
    }

    /** Headers only (304, or a HEAD of a body of {@code declaredLength}). */
    public void empty(int code) throws IOException {
        status = code;
        sent = true;
        exchange.sendResponseHeaders(code, -1);
    }

    private void stream(int code, InputStream in, long length) throws IOException {
        status = code;
        sent = true;
        if (head) {
            // The JDK server refuses a length for HEAD; the header is set by hand so HEAD shows the GET's length.
            header("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        if (length == 0) {
            exchange.sendResponseHeaders(code, -1); // 0 would mean chunked to the JDK server
            return;
        }
        long toWrite = length;
        boolean cut = false;
        if (truncateKeep.isPresent() && length > 1 && code / 100 == 2) {
            toWrite = Math.min(length - 1, (long) Math.floor(length * truncateKeep.getAsDouble()));
            cut = true;
        }
        exchange.sendResponseHeaders(code, length);
        OutputStream out = exchange.getResponseBody();
        byte[] buffer = new byte[(int) Math.min(1 << 16, Math.max(1, toWrite))];
        long left = toWrite;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("source ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            bytesSent += n;
            left -= n;
        }
        out.flush();
        if (cut) {
            throw new Truncated();
        }
    }
}
