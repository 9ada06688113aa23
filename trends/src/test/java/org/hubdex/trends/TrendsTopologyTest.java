package org.hubdex.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hubdex.trends.Events.T0;
import static org.hubdex.trends.Events.created;
import static org.hubdex.trends.Events.undocumented;
import static org.hubdex.trends.Events.updated;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.TrendKind;
import org.hubdex.schemas.avro.TrendRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trends topology in Kafka Streams' {@code TopologyTestDriver}: windows, time, duplicates, lineage and alerts. */
class TrendsTopologyTest {

    private static final Duration H = Duration.ofHours(1);

    @TempDir
    Path state;

    private TrendsDriver driver(Map<String, String> env) {
        return new TrendsDriver(state, env);
    }

    @Test
    void countsEachNewModelOncePerDimensionInTheWindowOfItsCreationTime() {
        try (TrendsDriver d = driver(Map.of())) {
            d.send(created("lab/base", "s1", T0.plusSeconds(60), null),
                    created("lab/ft-1", "s1", T0.plusSeconds(120), "lab/base"),
                    created("other/ft-2", "s1", T0.plusSeconds(180), "lab/base"),
                    undocumented("anon/mystery", "s1", T0.plusSeconds(240)));

            assertThat(d.count("1h", "activity=new", T0)).isEqualTo(4);
            assertThat(d.count("1d", "activity=new", T0)).isEqualTo(4);
            assertThat(d.count("1h", "tree=lab/base", T0)).as("the two fine-tunes; a base model is not in a tree of its own").isEqualTo(2);
            assertThat(d.count("1h", "author=lab", T0)).isEqualTo(2);
            assertThat(d.count("1h", "license=mit", T0)).isEqualTo(3);
            assertThat(d.count("1h", "license=unknown", T0)).isEqualTo(1);
            assertThat(d.count("1h", "library=pytorch", T0)).isEqualTo(3);
            assertThat(d.count("1h", "library=unknown", T0)).isEqualTo(1);
            assertThat(d.count("1h", "pipeline=image-classification", T0)).isEqualTo(4);
            assertThat(d.count("1h", "documentation=documented", T0)).isEqualTo(3);
            assertThat(d.count("1h", "documentation=undocumented", T0)).isEqualTo(1);

            List<TrendRecord> out = d.output();
            TrendRecord last = out.stream().filter(r -> r.getDimension().equals("tree") && r.getWindowSizeMs() == H.toMillis())
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(last.getKind()).isEqualTo(TrendKind.COUNT);
            assertThat(last.getValue()).isEqualTo("lab/base");
            assertThat(last.getCount()).isEqualTo(2);
            assertThat(last.getWindowStart()).isEqualTo(T0);
            assertThat(last.getWindowEnd()).isEqualTo(T0.plus(H));
            assertThat(d.metrics.newModels()).isEqualTo(4);
        }
    }

    @Test
    void windowBoundariesAreStartInclusiveEndExclusive() {
        try (TrendsDriver d = driver(Map.of())) {
            d.send(created("a/last-ms", "s", T0.plus(H).minusMillis(1), null),
                    created("a/first-ms", "s", T0.plus(H), null),
                    created("a/start", "s", T0, null));
            assertThat(d.count("1h", "activity=new", T0)).isEqualTo(2);
            assertThat(d.count("1h", "activity=new", T0.plus(H))).isEqualTo(1);
            assertThat(d.count("1d", "activity=new", T0)).isEqualTo(3);
        }
    }

    @Test
    void hoppingWindowsCountAnEventInEveryWindowContainingIt() {
        try (TrendsDriver d = driver(Map.of("HUBDEX_TRENDS_WINDOWS", "2h/1h"))) {
            d.send(created("a/m", "s", T0.plusSeconds(90 * 60), null));
            assertThat(d.count("2h/1h", "activity=new", T0)).isEqualTo(1);
            assertThat(d.count("2h/1h", "activity=new", T0.plus(H))).isEqualTo(1);
            assertThat(d.allCounts("2h/1h").keySet()).allMatch(k -> k.endsWith("@" + T0) || k.endsWith("@" + T0.plus(H)));
        }
    }

    @Test
    void aResentEventIsCountedOnceAndANewShaIsAnUpdateNotANewModel() {
        try (TrendsDriver d = driver(Map.of())) {
            ModelEvent first = created("lab/m", "sha-1", T0.plusSeconds(10), null);
            d.send(first, first, first);
            assertThat(d.count("1h", "activity=new", T0)).isEqualTo(1);
            assertThat(d.metrics.duplicates()).isEqualTo(2);

            ModelEvent second = updated(first, "sha-2", T0.plus(H).plusSeconds(30));
            d.send(second, second);
            assertThat(d.count("1h", "activity=new", T0)).isEqualTo(1);
            assertThat(d.count("1h", "activity=new", T0.plus(H))).isZero();
            assertThat(d.count("1h", "activity=update", T0.plus(H))).as("at its last-modified time").isEqualTo(1);
            assertThat(d.count("1h", "license=mit", T0)).isEqualTo(1);
            assertThat(d.metrics.updates()).isEqualTo(1);
            assertThat(d.metrics.duplicates()).isEqualTo(3);
        }
    }

    @Test
    void anUpdatedCardMovesTheModelToItsNewValuesInItsOriginalWindow() {
        try (TrendsDriver d = driver(Map.of())) {
            ModelEvent first = undocumented("lab/m", "sha-1", T0.plusSeconds(10));
            d.send(first);
            assertThat(d.count("1h", "documentation=undocumented", T0)).isEqualTo(1);
            ModelEvent documented = ModelEvent.newBuilder(updated(first, "sha-2", T0.plus(Duration.ofHours(5))))
                    .setCardData(CardData.newBuilder().setBaseModels(List.of("google/vit")).setLicense("apache-2.0").build()).build();
            d.send(documented);
            assertThat(d.count("1h", "documentation=undocumented", T0)).isZero();
            assertThat(d.count("1h", "documentation=documented", T0)).isEqualTo(1);
            assertThat(d.count("1h", "license=unknown", T0)).isZero();
            assertThat(d.count("1h", "license=apache-2.0", T0)).isEqualTo(1);
            assertThat(d.count("1h", "tree=google/vit", T0)).isEqualTo(1);
            assertThat(d.count("1h", "activity=new", T0)).isEqualTo(1);
            assertThat(d.count("1h", "activity=update", T0.plus(Duration.ofHours(5)))).isEqualTo(1);
        }
    }

    @Test
    void thePre2022PlaceholderMeansUndatedNotASpikeOnThatDay() {
        Instant placeholder = Instant.parse("2022-03-02T23:29:04.000Z");
        try (TrendsDriver d = driver(Map.of())) {
            ModelEvent old = created("legacy/bert-like", "s1", placeholder, null);
            d.send(old, created("legacy/ft", "s1", placeholder, "legacy/bert-like"),
                    Events.builder("legacy/no-date", "s1", null, null).build());
            assertThat(d.allCounts("1h")).isEmpty();
            assertThat(d.allCounts("1d")).isEmpty();
            assertThat(d.undated("activity=new")).isEqualTo(3);
            assertThat(d.undated("tree=legacy/bert-like")).isEqualTo(1);
            assertThat(d.output()).isEmpty();

            // a new commit of an old model has a real time: counted as an update then
            d.send(updated(old, "s2", T0.plusSeconds(30)));
            assertThat(d.count("1h", "activity=update", T0)).isEqualTo(1);
            assertThat(d.allCounts("1h")).containsOnlyKeys("activity=update@" + T0);
        }
    }

    @Test
    void outOfOrderEventsWithinTheGraceAreLiveAndLaterOnesArePlacedAsHistory() {
        try (TrendsDriver d = driver(Map.of("HUBDEX_TRENDS_GRACE", "15m"))) {
            d.send(created("a/now", "s", T0.plus(H).plus(Duration.ofMinutes(10)), null));
            d.send(created("a/out-of-order", "s", T0.plus(Duration.ofMinutes(50)), null)); // window T0 ends T0+1h, grace to T0+1h15m
            assertThat(d.metrics.lateCount()).isZero();
            d.send(created("a/later", "s", T0.plus(H).plus(Duration.ofMinutes(40)), null));
            d.send(created("a/late", "s", T0.plus(Duration.ofMinutes(5)), null)); // the clock is past T0+1h15m
            assertThat(d.metrics.lateCount()).isPositive();
            assertThat(d.count("1h", "activity=new", T0)).as("late events are still placed in their own window").isEqualTo(2);
            assertThat(d.count("1h", "activity=new", T0.plus(H))).isEqualTo(2);
        }
    }

    @Test
    void aBackfillNewestFirstPlacesEveryModelInItsOwnWindowButEventsBeyondTheRetentionAreNot() {
        try (TrendsDriver d = driver(Map.of("HUBDEX_TRENDS_RETENTION", "3d"))) {
            for (int day = 0; day < 5; day++) { // newest first, as the crawler walks sort=createdAt
                d.send(created("hist/m" + day, "s", T0.minus(Duration.ofDays(day)).plusSeconds(7), null));
            }
            for (int day = 0; day < 4; day++) {
                assertThat(d.count("1d", "activity=new", T0.minus(Duration.ofDays(day)))).as("day -%d", day).isEqualTo(1);
            }
            assertThat(d.count("1d", "activity=new", T0.minus(Duration.ofDays(4)))).isZero();
            assertThat(d.metrics.expiredCount()).isPositive();
            assertThat(d.metrics.lateCount()).isPositive();
            assertThat(TrendsDriver.alerts(d.output())).isEmpty();
        }
    }

    @Test
    void treesFollowKnownParentsAndEndUpTheSameWhateverOrderCardsArriveIn() {
        ModelEvent root = created("org/root", "s", T0.plusSeconds(1), null);
        ModelEvent mid = created("lab/mid", "s", T0.plusSeconds(2), "org/root");
        ModelEvent leaf = created("user/leaf", "s", T0.plus(H).plusSeconds(3), "lab/mid");
        ModelEvent leaf2 = created("user/leaf2", "s", T0.plus(H).plusSeconds(4), "lab/mid");
        Map<String, Long> parentsFirst;
        try (TrendsDriver d = driver(Map.of())) {
            d.send(root, mid, leaf, leaf2);
            assertThat(d.count("1h", "tree=org/root", T0)).isEqualTo(1);
            assertThat(d.count("1h", "tree=org/root", T0.plus(H))).isEqualTo(2);
            parentsFirst = d.allCounts("1h");
        }
        try (TrendsDriver d = new TrendsDriver(state.resolve("second"), Map.of())) {
            d.send(leaf, leaf2);
            assertThat(d.count("1h", "tree=lab/mid", T0.plus(H))).as("the parent is unknown yet: it names the tree").isEqualTo(2);
            d.send(mid);
            assertThat(d.count("1h", "tree=lab/mid", T0.plus(H))).isZero();
            assertThat(d.count("1h", "tree=org/root", T0.plus(H))).isEqualTo(2);
            d.send(root);
            assertThat(d.allCounts("1h")).isEqualTo(parentsFirst);
        }
    }

    @Test
    void aCycleOfCardsEndsTheChainInsteadOfLooping() {
        try (TrendsDriver d = driver(Map.of())) {
            d.send(created("a/x", "s", T0.plusSeconds(1), "a/y"), created("a/y", "s", T0.plusSeconds(2), "a/x"),
                    created("a/self", "s", T0.plusSeconds(3), "a/self"));
            assertThat(d.count("1h", "activity=new", T0)).isEqualTo(3);
            assertThat(d.count("1h", "tree=a/x", T0) + d.count("1h", "tree=a/y", T0)).isEqualTo(2);
            assertThat(d.allCounts("1h").keySet()).noneMatch(k -> k.startsWith("tree=a/self"));
        }
    }

    @Test
    void aCountThatReachesTheFactorOverItsBaselineAlertsOnceWithItsEvidence() {
        Map<String, String> env = Map.of("HUBDEX_TRENDS_WINDOWS", "1h", "HUBDEX_TRENDS_BASELINE_WINDOWS", "3",
                "HUBDEX_TRENDS_ALERT_FACTOR", "3", "HUBDEX_TRENDS_ALERT_MIN_COUNT", "3", "HUBDEX_TRENDS_GRACE", "0s");
        try (TrendsDriver d = driver(env)) {
            Instant now = T0.plus(Duration.ofHours(3));
            for (int h = 0; h < 3; h++) { // one fine-tune of org/base an hour: the baseline is 1
                d.send(created("u" + h + "/ft", "s", T0.plus(Duration.ofHours(h)).plusSeconds(1), "org/base"));
            }
            d.send(created("s1/ft", "s", now.plusSeconds(1), "org/base"), created("s2/ft", "s", now.plusSeconds(2), "org/base"));
            assertThat(TrendsDriver.alerts(d.output())).as("2 is below 3 x baseline 1").isEmpty();
            d.send(created("s3/ft", "s", now.plusSeconds(3), "org/base"));
            List<TrendRecord> alerts = TrendsDriver.alerts(d.output());
            assertThat(alerts).filteredOn(a -> a.getDimension().equals("tree")).singleElement().satisfies(a -> {
                assertThat(a.getValue()).isEqualTo("org/base");
                assertThat(a.getCount()).isEqualTo(3);
                assertThat(a.getBaseline()).isEqualTo(1.0);
                assertThat(a.getFactor()).isEqualTo(3.0);
                assertThat(a.getWindowStart()).isEqualTo(now);
                assertThat(a.getBaselineWindows()).isEqualTo(3);
                assertThat(a.getThresholdFactor()).isEqualTo(3.0);
                assertThat(a.getMinCount()).isEqualTo(3);
            });
            d.send(created("s4/ft", "s", now.plusSeconds(4), "org/base"));
            assertThat(TrendsDriver.alerts(d.output())).as("once per key and window").noneMatch(a -> a.getDimension().equals("tree"));
            assertThat(d.metrics.alertCount()).isPositive();
        }
    }

    @Test
    void aValueAbsentFromTheBaselineAlertsAtTheMinimumCountButNotWithoutHistoryOrInAClosedWindow() {
        Map<String, String> env = Map.of("HUBDEX_TRENDS_WINDOWS", "1h", "HUBDEX_TRENDS_BASELINE_WINDOWS", "2",
                "HUBDEX_TRENDS_ALERT_MIN_COUNT", "2", "HUBDEX_TRENDS_GRACE", "0s");
        try (TrendsDriver d = driver(env)) {
            Instant now = T0.plus(Duration.ofHours(2));
            d.send(created("new-lib/a", "s", now.plusSeconds(1), null), created("new-lib/b", "s", now.plusSeconds(2), null));
            assertThat(TrendsDriver.alerts(d.output())).as("no history yet: no baseline").isEmpty();

            d.send(created("old/first", "s", T0.plusSeconds(1), null)); // history back to T0, placed late
            assertThat(TrendsDriver.alerts(d.output())).as("a late event never alerts").isEmpty();
            ModelEvent third = ModelEvent.newBuilder(created("new-lib/c", "s", now.plusSeconds(3), null)).setLibraryName("jax").build();
            ModelEvent fourth = ModelEvent.newBuilder(created("new-lib/d", "s", now.plusSeconds(4), null)).setLibraryName("jax").build();
            d.send(third, fourth);
            List<TrendRecord> alerts = TrendsDriver.alerts(d.output());
            assertThat(alerts).filteredOn(a -> a.getDimension().equals("library")).singleElement().satisfies(a -> {
                assertThat(a.getValue()).isEqualTo("jax");
                assertThat(a.getBaseline()).isEqualTo(0.0);
                assertThat(a.getFactor()).as("no ratio to a zero baseline").isNull();
            });
        }
    }

    @Test
    void invalidEventsBecomeDeadLettersUnreadableOnesAreSkippedAndUnavailableOnesAreNotCounted() {
        try (TrendsDriver d = driver(Map.of())) {
            // the driver does not deliver a deserialization handler's dead letters (DeadLetterOnBadRecordTest and
            // TrendsRestartIT check those): here, processing goes on past the unreadable record
            d.rawEvents.pipeInput("broken/model", "not avro".getBytes(StandardCharsets.UTF_8));
            d.send(ModelEvent.newBuilder(created("no/sha", "x", T0, null)).setSha(null).build());
            d.send(ModelEvent.newBuilder(created("gated/m", "x", T0, null)).setKind(ModelEventKind.UNAVAILABLE)
                    .setUnavailableReason("gated: manual approval").build());
            d.send(created("fine/m", "s", T0, null));
            List<DeadLetter> letters = d.deadLetters.readValuesToList();
            assertThat(letters).extracting(DeadLetter::getKey).containsExactly("no/sha");
            assertThat(letters).allSatisfy(l -> {
                assertThat(l.getStage()).isEqualTo("trends");
                assertThat(l.getSourceTopic()).isEqualTo("hub.model-events");
                assertThat(l.getPayloadRef()).startsWith("hub.model-events/0/");
            });
            assertThat(letters.get(0).getReason()).contains("without a sha");
            assertThat(d.count("1h", "activity=new", T0)).isEqualTo(1);
        }
    }
}
