package org.hubdex.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hubdex.localhub.FaultRule.Chance;
import org.hubdex.localhub.FaultRule.Every;
import org.hubdex.localhub.FaultRule.First;
import org.hubdex.localhub.FaultRule.Scope;
import org.hubdex.localhub.FaultRule.Target;
import org.hubdex.localhub.internal.FaultInjector;
import org.junit.jupiter.api.Test;

/** Parsing and printing fault specs, and the deterministic triggers. */
class FaultPlanTest {

    @Test
    void parsesEveryModeAndPrintsItBack() {
        String spec = "seed=7,429:next=5:t=2:retry-after=3,500:p=0.1:on=resolve,502:every=3:on=api,503,slow:ms=200,hang:p=0.01:ms=50,"
                + "drop:next=1:id=org/x,truncate:p=0.05:keep=0.3,gated:id=org/g,gated:id=org/h:mode=auto,vanish:id=org/y,"
                + "ratelimit:api=10:resolvers=20:window=60:retry-after=true";
        FaultPlan plan = FaultPlan.parse(spec);
        assertThat(plan.seed()).isEqualTo(7);
        assertThat(plan.rules()).hasSize(11); // seed and ratelimit are not rules
        assertThat(plan.rules().get(0)).isEqualTo(new FaultRule.RateLimitStorm(Target.ALL, new First(5), 2, Optional.of(3)));
        assertThat(plan.rules().get(1)).isEqualTo(new FaultRule.ServerError(Target.of(Scope.RESOLVE), new Chance(0.1), 500));
        assertThat(plan.rules().get(2)).isEqualTo(new FaultRule.ServerError(Target.of(Scope.API), new Every(3), 502));
        assertThat(plan.rules().get(4)).isEqualTo(new FaultRule.Slow(Target.ALL, new FaultRule.Always(), Duration.ofMillis(200)));
        assertThat(plan.rules().get(6)).isEqualTo(new FaultRule.Drop(Target.model("org/x"), new First(1)));
        assertThat(plan.rateLimit()).hasValue(new RateLimitPolicy(10, 20, Duration.ofSeconds(60), true));
        assertThat(plan.gatedMode("org/g")).hasValue("manual");
        assertThat(plan.gatedMode("org/h")).hasValue("auto");
        assertThat(plan.gatedMode("org/y")).isEmpty();
        assertThat(plan.vanished("org/y")).isTrue();
        assertThat(FaultPlan.parse(plan.toSpec())).isEqualTo(plan);
    }

    @Test
    void emptyAndNoneMeanNoFaults() {
        assertThat(FaultPlan.parse("")).isEqualTo(FaultPlan.none());
        assertThat(FaultPlan.parse(" none ")).isEqualTo(FaultPlan.none());
        assertThat(FaultPlan.parse(null).isEmpty()).isTrue();
        assertThat(FaultPlan.none().toSpec()).isEqualTo("none");
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> FaultPlan.parse("418")).isInstanceOf(InvalidFaultSpecException.class).hasMessageContaining("unknown mode '418'");
        assertThatThrownBy(() -> FaultPlan.parse("500:p=2")).hasMessageContaining("0 <= F <= 1");
        assertThatThrownBy(() -> FaultPlan.parse("500:every=2:p=0.5")).hasMessageContaining("at most one");
        assertThatThrownBy(() -> FaultPlan.parse("slow:ms=fast")).hasMessageContaining("ms= needs an integer");
        assertThatThrownBy(() -> FaultPlan.parse("500:colour=red")).hasMessageContaining("unknown parameter(s) [colour]");
        assertThatThrownBy(() -> FaultPlan.parse("gated")).hasMessageContaining("needs id=");
        assertThatThrownBy(() -> FaultPlan.parse("vanish:id=../etc")).hasMessageContaining("author/name");
        assertThatThrownBy(() -> FaultPlan.parse("gated:id=a/b,vanish:id=a/b")).hasMessageContaining("two model faults");
        assertThatThrownBy(() -> FaultPlan.parse("truncate:keep=1")).hasMessageContaining("0 <= F < 1");
        assertThatThrownBy(() -> FaultPlan.parse("500:on=cdn")).hasMessageContaining("api, resolve or all");
    }

    @Test
    void chanceIsDeterministicForASeedAndNearItsFraction() {
        long seed = 20260110L;
        System.out.println("FaultPlanTest seed " + seed);
        List<Boolean> a = draws(FaultPlan.parse("seed=" + seed + ",500:p=0.2"), 2000);
        List<Boolean> b = draws(FaultPlan.parse("seed=" + seed + ",500:p=0.2"), 2000);
        List<Boolean> c = draws(FaultPlan.parse("seed=" + (seed + 1) + ",500:p=0.2"), 2000);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        long fired = a.stream().filter(x -> x).count();
        assertThat(fired).isBetween(320L, 480L); // 400 expected; 4 standard deviations either side
    }

    @Test
    void everyAndNextCountOnlySelectedRequests() {
        FaultInjector inj = new FaultInjector(FaultPlan.parse("500:every=2:on=resolve,429:next=2:id=org/a"), java.time.Clock.systemUTC());
        List<String> out = new ArrayList<>();
        out.add(name(inj.decide(Scope.API, Optional.of("org/a"))));      // 429 #1
        out.add(name(inj.decide(Scope.RESOLVE, Optional.of("org/b")))); // resolve #1
        out.add(name(inj.decide(Scope.RESOLVE, Optional.of("org/b")))); // resolve #2 -> 500
        out.add(name(inj.decide(Scope.API, Optional.of("org/b"))));      // not selected by either
        out.add(name(inj.decide(Scope.RESOLVE, Optional.of("org/a")))); // resolve #3, org/a #2 -> 429
        out.add(name(inj.decide(Scope.RESOLVE, Optional.of("org/a")))); // resolve #4 -> 500; org/a #3: storm over
        assertThat(out).containsExactly("429", "-", "500", "-", "429", "500");
    }

    @Test
    void slowAddsUpAndTruncateCombinesWithIt() {
        FaultInjector inj = new FaultInjector(FaultPlan.parse("slow:ms=100,slow:ms=50:on=resolve,truncate:keep=0.1"), java.time.Clock.systemUTC());
        FaultInjector.Decision d = inj.decide(Scope.RESOLVE, Optional.empty());
        assertThat(d.delay()).isEqualTo(Duration.ofMillis(150));
        assertThat(d.truncateKeep()).hasValue(0.1);
        assertThat(d.terminal()).isEmpty();
        assertThat(d.fired()).containsExactly("slow", "slow", "truncate");
    }

    private static List<Boolean> draws(FaultPlan plan, int n) {
        FaultInjector inj = new FaultInjector(plan, java.time.Clock.systemUTC());
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(inj.decide(Scope.API, Optional.empty()).terminal().isPresent());
        }
        return out;
    }

    private static String name(FaultInjector.Decision d) {
        return d.terminal().map(FaultRule::name).orElse("-");
    }
}
