package org.hubdex.localhub.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hubdex.localhub.FaultRule;
import org.hubdex.localhub.HubEndpoint;
import org.hubdex.localhub.RequestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP handler of the local hub: gives every response an {@code X-Request-Id}, checks the
 * token, applies the rate limiter and the fault plan, dispatches to the endpoints, renders
 * {@link HttpError}s the hub's way and records each request. Thread-safe (state lives in the
 * context and in each exchange).
 */
public final class HubHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HubHandler.class);

    private final HubContext ctx;
    private final ApiEndpoints api;
    private final ResolveEndpoint resolve;
    private final AdminEndpoint admin;
    private final AtomicLong requestCounter = new AtomicLong();

    public HubHandler(HubContext ctx) {
        this.ctx = ctx;
        this.api = new ApiEndpoints(ctx);
        this.resolve = new ResolveEndpoint(ctx);
        this.admin = new AdminEndpoint(ctx);
    }

    @Override
    public void handle(HttpExchange ex) {
        Instant arrived = ctx.clock().instant();
        long t0 = System.nanoTime();
        String requestId = String.format("Root=1-%08x-%024x", arrived.getEpochSecond(), requestCounter.incrementAndGet());
        ex.getResponseHeaders().set("X-Request-Id", requestId);
        Reply reply = new Reply(ex);
        HubEndpoint endpoint = HubEndpoint.OTHER;
        Optional<String> modelId = Optional.empty();
        List<String> fired = new ArrayList<>(1);
        String method = ex.getRequestMethod();
        boolean authorized = ex.getRequestHeaders().containsKey("Authorization");
        try {
            Route route = Route.parse(ex.getRequestURI().getRawPath());
            endpoint = route.endpoint();
            modelId = route.modelId();
            if (endpoint == HubEndpoint.ADMIN) {
                admin.handle(ex, reply, route.admin().orElse(""));
            } else if (endpoint == HubEndpoint.OTHER) {
                throw HttpError.pageNotFound();
            } else {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    throw HttpError.methodNotAllowed(method);
                }
                Principal who = authenticate(ex);
                FaultInjector injector = ctx.faults().get();
                FaultRule.Scope scope = endpoint == HubEndpoint.RESOLVE ? FaultRule.Scope.RESOLVE : FaultRule.Scope.API;
                rateLimit(injector, scope, reply, fired);
                FaultInjector.Decision d = injector.decide(scope, modelId);
                fired.addAll(d.fired());
                if (!d.delay().isZero()) {
                    Thread.sleep(d.delay().toMillis());
                }
                if (d.terminal().isPresent()) {
                    terminal(d.terminal().get(), scope);
                }
                d.truncateKeep().ifPresent(reply::truncate);
                switch (endpoint) {
                    case LIST -> api.list(ex, reply, who);
                    case INFO -> api.info(route, ex, reply, who);
                    case TREE -> api.tree(route, ex, reply, who);
                    case RESOLVE -> resolve.handle(route, ex, reply, who);
                    default -> throw HttpError.pageNotFound();
                }
            }
        } catch (HttpError e) {
            sendError(reply, e);
        } catch (Reply.Truncated | Abort e) {
            // The connection is closed below without completing the body (or without any response).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // server closing during a slow or hang fault
        } catch (IOException e) {
            LOG.debug("{} {}: client went away: {}", method, ex.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, ex.getRequestURI(), e);
            sendError(reply, new HttpError(500, "Internal Error"));
        } finally {
            ex.close();
            ctx.log().add(new RequestRecord(arrived, requestId, method, ex.getRequestURI().getRawPath(),
                    Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse(""), endpoint, modelId, reply.sent() ? reply.status() : 0,
                    fired.isEmpty() ? Optional.empty() : Optional.of(String.join("+", fired)),
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("Range")), authorized, reply.bytesSent(),
                    Duration.ofNanos(System.nanoTime() - t0)));
        }
    }

    /** Closes the connection without a response (hang, drop). */
    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    private Principal authenticate(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return Principal.ANONYMOUS;
        }
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
            throw HttpError.invalidCredentials();
        }
        String given = auth.substring(7).trim();
        if (ctx.token().isEmpty()) {
            return Principal.USER;
        }
        // Constant-time comparison: the token is a secret even on a test server.
        if (MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ctx.token().get().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return Principal.OWNER;
        }
        throw HttpError.invalidCredentials();
    }

    private void rateLimit(FaultInjector injector, FaultRule.Scope scope, Reply reply, List<String> fired) {
        if (injector.limiter().isEmpty()) {
            return;
        }
        RateLimiter.Verdict v = injector.limiter().get().acquire(bucket(scope));
        reply.header("RateLimit", v.rateLimitHeader());
        reply.header("RateLimit-Policy", v.policyHeader());
        if (!v.allowed()) {
            fired.add("ratelimit");
            Map<String, String> headers = injector.limiter().get().policy().retryAfter()
                    ? Map.of("Retry-After", Long.toString(Math.max(1, v.resetSeconds()))) : Map.of();
            throw tooManyRequests(headers);
        }
    }

    private void terminal(FaultRule rule, FaultRule.Scope scope) throws InterruptedException {
        if (rule instanceof FaultRule.RateLimitStorm storm) {
            String bucket = bucket(scope);
            int quota = ctx.faults().get().limiter().map(l -> l.policy().quota(bucket))
                    .orElse(org.hubdex.localhub.RateLimitPolicy.HUB_ANONYMOUS.quota(bucket));
            long window = ctx.faults().get().limiter().map(l -> l.policy().window().getSeconds()).orElse(300L);
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("RateLimit", "\"" + bucket + "\";r=0;t=" + storm.resetSeconds());
            headers.put("RateLimit-Policy", RateLimiter.Verdict.policyHeader(bucket, quota, window));
            storm.retryAfterSeconds().ifPresent(s -> headers.put("Retry-After", Integer.toString(s)));
            throw tooManyRequests(headers);
        }
        if (rule instanceof FaultRule.ServerError err) {
            throw new HttpError(err.status(), switch (err.status()) {
                case 502 -> "Bad Gateway";
                case 503 -> "Service Unavailable";
                case 504 -> "Gateway Timeout";
                default -> "Internal Error";
            });
        }
        if (rule instanceof FaultRule.Hang hang) {
            Thread.sleep(hang.hold().toMillis());
            throw new Abort();
        }
        if (rule instanceof FaultRule.Drop) {
            throw new Abort();
        }
        throw new IllegalStateException("not a terminal fault: " + rule);
    }

    private static HttpError tooManyRequests(Map<String, String> headers) {
        return new HttpError(429, Optional.empty(),
                "You have been rate-limited; you can retry this action in a few minutes. (local hub)", headers);
    }

    private static String bucket(FaultRule.Scope scope) {
        return scope == FaultRule.Scope.RESOLVE ? "resolvers" : "api";
    }

    private void sendError(Reply reply, HttpError e) {
        if (reply.sent()) {
            return;
        }
        e.errorCode().ifPresent(code -> reply.header("X-Error-Code", code));
        reply.header("X-Error-Message", e.getMessage());
        e.headers().forEach(reply::header);
        try {
            reply.json(e.status(), ctx.json().createObjectNode().put("error", e.getMessage()).toString());
        } catch (IOException io) {
            LOG.debug("could not send error {}: {}", e.status(), io.toString());
        } catch (Reply.Truncated t) {
            // an error body cut by a truncate fault: the connection closes
        }
    }
}
