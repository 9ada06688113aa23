package org.hubdex.localhub.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hubdex.localhub.HubEndpoint;

/**
 * A request path split into the endpoint and its parts. Model id segments that are not valid hub
 * names (including {@code ..}) make the id "invalid", answered like a missing repository: the id is
 * only ever a key into the catalog, never a file path.
 *
 * @param endpoint the endpoint family
 * @param modelId {@code author/name}, decoded, when the path names a model
 * @param validId whether {@code modelId} is a well-formed hub id
 * @param revision the decoded revision ({@code revision/}, {@code tree/}, {@code resolve/})
 * @param rawFileSegments the raw segments of the file path after the revision (tree, resolve)
 * @param admin the admin action ({@code rescan}, {@code faults}, {@code stats})
 */
public record Route(HubEndpoint endpoint, Optional<String> modelId, boolean validId, Optional<String> revision,
        List<String> rawFileSegments, Optional<String> admin) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    /** Parses a raw (percent-encoded) path. */
    public static Route parse(String rawPath) {
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        List<String> s = Arrays.asList(p.split("/", -1));
        int n = s.size();
        if (n == 2 && s.get(0).equals("api") && s.get(1).equals("models")) {
            return new Route(HubEndpoint.LIST, Optional.empty(), true, Optional.empty(), List.of(), Optional.empty());
        }
        if (n >= 4 && s.get(0).equals("api") && s.get(1).equals("models")) {
            String a = PathCodec.decodeSegment(s.get(2));
            String b = PathCodec.decodeSegment(s.get(3));
            Optional<String> id = Optional.of(a + "/" + b);
            boolean valid = SEGMENT.matcher(a).matches() && SEGMENT.matcher(b).matches();
            if (n == 4) {
                return new Route(HubEndpoint.INFO, id, valid, Optional.empty(), List.of(), Optional.empty());
            }
            if (n == 6 && s.get(4).equals("revision")) {
                return new Route(HubEndpoint.INFO, id, valid, Optional.of(PathCodec.decodeSegment(s.get(5))), List.of(), Optional.empty());
            }
            if (n >= 6 && s.get(4).equals("tree")) {
                List<String> rest = s.subList(6, n);
                if (rest.size() == 1 && rest.get(0).isEmpty()) {
                    rest = List.of(); // tree/main/
                }
                return new Route(HubEndpoint.TREE, id, valid, Optional.of(PathCodec.decodeSegment(s.get(5))), List.copyOf(rest),
                        Optional.empty());
            }
            return other();
        }
        if (n >= 5 && s.get(2).equals("resolve")) {
            String a = PathCodec.decodeSegment(s.get(0));
            String b = PathCodec.decodeSegment(s.get(1));
            boolean valid = SEGMENT.matcher(a).matches() && SEGMENT.matcher(b).matches();
            return new Route(HubEndpoint.RESOLVE, Optional.of(a + "/" + b), valid, Optional.of(PathCodec.decodeSegment(s.get(3))),
                    List.copyOf(s.subList(4, n)), Optional.empty());
        }
        if (n == 2 && s.get(0).equals("admin")) {
            return new Route(HubEndpoint.ADMIN, Optional.empty(), true, Optional.empty(), List.of(), Optional.of(s.get(1)));
        }
        return other();
    }

    private static Route other() {
        return new Route(HubEndpoint.OTHER, Optional.empty(), true, Optional.empty(), List.of(), Optional.empty());
    }
}
