package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.HubStats;
import org.hubdex.localhub.ScanResult;

/**
 * What the endpoints share: the scanner (and so the catalog), the JSON mapper and renderer, the
 * clock, the server's token, the current fault injector and the request log, plus the admin
 * operations the server implements. Immutable holder; the parts are thread-safe.
 *
 * @param scanner the repositories
 * @param json the mapper
 * @param models the model renderer
 * @param clock the server clock
 * @param token the token the server accepts, if any
 * @param faults the current fault injector
 * @param log the request log
 * @param admin the admin operations
 */
public record HubContext(RepoScanner scanner, ObjectMapper json, ModelJson models, Clock clock, Optional<String> token,
        Supplier<FaultInjector> faults, RequestLog log, Admin admin) {

    /** The operations behind {@code /admin/...}, implemented by the server. */
    public interface Admin {
        ScanResult rescan();

        void setFaults(FaultPlan plan);

        FaultPlan faults();

        HubStats stats();
    }
}
