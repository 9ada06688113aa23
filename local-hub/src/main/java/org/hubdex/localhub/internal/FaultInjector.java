package org.hubdex.localhub.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.FaultRule;
import org.hubdex.localhub.FaultRule.Scope;

/**
 * Applies one {@link FaultPlan}: counts, per request rule, the requests its target selects and
 * decides with the rule's trigger. A new injector (fresh counters, fresh limiter) is made each time
 * a plan is set. Thread-safe; with concurrent clients the n-th request is whichever arrives n-th.
 */
public final class FaultInjector {

    /**
     * What to do with one request.
     *
     * @param delay total delay of the firing {@code slow} rules
     * @param terminal the first firing 429/5xx/hang/drop rule, if any
     * @param truncateKeep the fraction of the body to keep, when a truncate rule fired
     * @param fired names of the rules that fired, for the request log
     */
    public record Decision(Duration delay, Optional<FaultRule> terminal, OptionalDouble truncateKeep, List<String> fired) {
        static final Decision NONE = new Decision(Duration.ZERO, Optional.empty(), OptionalDouble.empty(), List.of());
    }

    private final FaultPlan plan;
    private final AtomicLong[] counters;
    private final Optional<RateLimiter> limiter;

    public FaultInjector(FaultPlan plan, Clock clock) {
        this.plan = plan;
        this.counters = new AtomicLong[plan.rules().size()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new AtomicLong();
        }
        this.limiter = plan.rateLimit().map(p -> new RateLimiter(p, clock));
    }

    public FaultPlan plan() {
        return plan;
    }

    public Optional<RateLimiter> limiter() {
        return limiter;
    }

    /** Decides for a request of {@code scope} (API or RESOLVE) naming {@code modelId}. */
    public Decision decide(Scope scope, Optional<String> modelId) {
        if (counters.length == 0) {
            return Decision.NONE;
        }
        Duration delay = Duration.ZERO;
        Optional<FaultRule> terminal = Optional.empty();
        OptionalDouble keep = OptionalDouble.empty();
        List<String> fired = new ArrayList<>(1);
        List<FaultRule> rules = plan.rules();
        for (int i = 0; i < rules.size(); i++) {
            FaultRule rule = rules.get(i);
            if (!(rule instanceof FaultRule.RequestFault rf)) {
                continue; // model faults act on the catalog view, not on requests
            }
            FaultRule.Target target = rf.target();
            FaultRule.Trigger trigger = rf.trigger();
            if (!target.scope().covers(scope) || target.modelId().isPresent() && !target.modelId().equals(modelId)) {
                continue;
            }
            long n = counters[i].incrementAndGet();
            if (!trigger.fires(n, plan.seed(), i)) {
                continue;
            }
            if (rule instanceof FaultRule.Slow s) {
                delay = delay.plus(s.delay());
                fired.add(rule.name());
            } else if (rule instanceof FaultRule.Truncate t) {
                if (keep.isEmpty()) {
                    keep = OptionalDouble.of(t.keep());
                    fired.add(rule.name());
                }
            } else if (terminal.isEmpty()) {
                terminal = Optional.of(rule);
                fired.add(rule.name());
            }
        }
        return fired.isEmpty() ? Decision.NONE : new Decision(delay, terminal, keep, List.copyOf(fired));
    }
}
