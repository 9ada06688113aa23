package org.hubdex.localhub.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict percent-decoding of URL path segments and query components, and the path confinement
 * rules: a file path in a request is a sequence of decoded segments, none empty (no absolute path,
 * no {@code //}), none {@code .} or {@code ..} (also when sent as {@code %2e%2e}), none holding
 * {@code /}, {@code \} or NUL after decoding. Stateless.
 */
public final class PathCodec {

    private PathCodec() {
    }

    /** Decodes one path segment ({@code +} stays a plus). */
    public static String decodeSegment(String raw) {
        return decode(raw, false);
    }

    /** Decodes a query key or value ({@code +} is a space, as in forms). */
    public static String decodeQueryComponent(String raw) {
        return decode(raw, true);
    }

    private static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw HttpError.badRequest("Invalid percent-encoding in '" + raw + "'");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw HttpError.badRequest("Invalid percent-encoding in '" + raw + "'");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("Invalid UTF-8 in '" + raw + "'");
        }
    }

    /**
     * Decodes and checks the raw segments of a file path inside a repository and joins them with
     * {@code /}.
     *
     * @throws HttpError 400 for an absolute or empty path, {@code .}/{@code ..} segments, backslashes or NUL
     */
    public static String repoPath(List<String> rawSegments) {
        if (rawSegments.isEmpty()) {
            throw HttpError.badRequest("Invalid path: empty");
        }
        List<String> decoded = new ArrayList<>(rawSegments.size());
        for (String raw : rawSegments) {
            String s = decodeSegment(raw);
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0) {
                throw HttpError.badRequest("Invalid path: '" + String.join("/", rawSegments)
                        + "' (absolute paths, empty, '.' and '..' segments, backslashes are refused)");
            }
            decoded.add(s);
        }
        return String.join("/", decoded);
    }

    /** Whether any segment of a {@code /}-separated path starts with a dot (hidden: never served). */
    public static boolean isHidden(String path) {
        for (String s : path.split("/")) {
            if (s.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
