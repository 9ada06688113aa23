package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.HubStats;
import org.hubdex.localhub.InvalidFaultSpecException;
import org.hubdex.localhub.ScanResult;

/**
 * The admin endpoints (never faulted, never rate limited, no token): {@code POST /admin/rescan}
 * (scan now, answer the {@link ScanResult}), {@code GET|PUT /admin/faults} (the fault spec; PUT's
 * body is a spec, empty or {@code none} for no faults), {@code GET /admin/stats}.
 */
final class AdminEndpoint {

    private static final int MAX_SPEC_BYTES = 64 * 1024;

    private final HubContext ctx;

    AdminEndpoint(HubContext ctx) {
        this.ctx = ctx;
    }

    void handle(HttpExchange ex, Reply reply, String action) throws IOException {
        String method = ex.getRequestMethod();
        switch (action) {
            case "rescan" -> {
                requireMethod(method, "POST");
                reply.json(200, scanJson(ctx.admin().rescan()).toString());
            }
            case "faults" -> {
                if (method.equals("PUT") || method.equals("POST")) {
                    String spec;
                    try (InputStream in = ex.getRequestBody()) {
                        byte[] body = in.readNBytes(MAX_SPEC_BYTES + 1);
                        if (body.length > MAX_SPEC_BYTES) {
                            throw HttpError.badRequest("fault spec longer than " + MAX_SPEC_BYTES + " bytes");
                        }
                        spec = new String(body, StandardCharsets.UTF_8).trim();
                    }
                    try {
                        ctx.admin().setFaults(FaultPlan.parse(spec));
                    } catch (InvalidFaultSpecException e) {
                        throw HttpError.badRequest(e.getMessage());
                    }
                } else {
                    requireMethod(method, "GET");
                }
                reply.json(200, ctx.json().createObjectNode().put("spec", ctx.admin().faults().toSpec()).toString());
            }
            case "stats" -> {
                requireMethod(method, "GET");
                reply.json(200, statsJson(ctx.admin().stats()).toString());
            }
            default -> throw HttpError.pageNotFound();
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw HttpError.methodNotAllowed(method);
        }
    }

    private ObjectNode scanJson(ScanResult s) {
        ObjectNode o = ctx.json().createObjectNode();
        o.put("models", s.models());
        ids(o.putArray("added"), s.added());
        ids(o.putArray("updated"), s.updated());
        ids(o.putArray("removed"), s.removed());
        ids(o.putArray("unsettled"), s.unsettled());
        o.put("hashedBytes", s.hashedBytes());
        o.put("tookMs", s.took().toMillis());
        return o;
    }

    private static void ids(ArrayNode a, List<String> ids) {
        ids.forEach(a::add);
    }

    private ObjectNode statsJson(HubStats s) {
        ObjectNode o = ctx.json().createObjectNode();
        o.put("requests", s.requests());
        o.put("models", s.models());
        o.put("bytesSent", s.bytesSent());
        ObjectNode by = o.putObject("byEndpoint");
        s.byEndpoint().forEach((endpoint, statuses) -> {
            ObjectNode e = by.putObject(endpoint);
            statuses.forEach((status, n) -> e.put(Integer.toString(status), n));
        });
        ObjectNode f = o.putObject("faults");
        s.faults().forEach(f::put);
        return o;
    }
}
