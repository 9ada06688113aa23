package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A listing position: the sort key and the sort value and id of the last entry of the previous page.
 * The next page starts strictly after it, so models that appear meanwhile (newer, hence sorted
 * before it) neither shift nor repeat entries. Opaque to clients: base64url of a small JSON object.
 *
 * @param sort the order the position belongs to
 * @param value the sort value of the last entry
 * @param id the id of the last entry
 */
public record Cursor(SortKey sort, long value, String id) {

    /** The opaque, URL-safe form. */
    public String encode(ObjectMapper json) {
        String body = json.createObjectNode().put("v", 1).put("s", sort.wireName()).put("k", value).put("i", id).toString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor and checks it belongs to {@code expected}.
     *
     * @throws HttpError 400 when it is not one of ours or names another sort
     */
    public static Cursor decode(String text, SortKey expected, ObjectMapper json) {
        try {
            JsonNode n = json.readTree(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
            if (n == null || n.path("v").asInt() != 1 || !n.path("k").canConvertToLong() || !n.path("i").isTextual()) {
                throw HttpError.badRequest("Invalid cursor");
            }
            SortKey sort = SortKey.fromWire(n.path("s").asText("")).orElseThrow(() -> HttpError.badRequest("Invalid cursor"));
            if (sort != expected) {
                throw HttpError.badRequest("Invalid cursor: it continues a listing sorted by " + sort.wireName() + ", not by "
                        + expected.wireName());
            }
            return new Cursor(sort, n.path("k").asLong(), n.path("i").asText());
        } catch (IllegalArgumentException | IOException e) {
            throw HttpError.badRequest("Invalid cursor");
        }
    }
}
