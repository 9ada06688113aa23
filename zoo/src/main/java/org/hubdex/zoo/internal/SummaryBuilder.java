package org.hubdex.zoo.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.ManifestEntry;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.ZooPlan;
import org.hubdex.zoo.ZooSummary;

/** Computes a {@link ZooSummary} from a finished manifest and formats it as a table. Stateless and thread-safe. */
public final class SummaryBuilder {

    private SummaryBuilder() {
    }

    public static ZooSummary summarize(ZooPlan plan, List<ManifestEntry> entries, int commitsThisRun, int workers,
            double elapsedSeconds) {
        List<ManifestEntry> first = entries.stream().filter(e -> e.commit() == 1).toList();
        Map<Family, ZooSummary.FamilyFigures> families = new EnumMap<>(Family.class);
        for (Family family : Family.values()) {
            List<ManifestEntry> of = first.stream().filter(e -> e.family() == family).toList();
            if (of.isEmpty()) {
                continue;
            }
            double seconds = entries.stream().filter(e -> e.family() == family).mapToDouble(ManifestEntry::trainSeconds).sum();
            families.put(family, new ZooSummary.FamilyFigures(of.size(), mean(of, ModelRole.BASE), mean(of, ModelRole.FINETUNE),
                    mean(of, ModelRole.SCRATCH), seconds));
        }
        double[] finetune = first.stream().filter(e -> e.role() == ModelRole.FINETUNE)
                .mapToDouble(ManifestEntry::testAccuracy).sorted().toArray();
        Map<String, Integer> dtypes = new LinkedHashMap<>();
        first.forEach(e -> dtypes.merge(e.dtype().name(), 1, Integer::sum));
        Map<String, Integer> cards = new LinkedHashMap<>();
        first.forEach(e -> cards.merge(e.cardStyle().id(), 1, Integer::sum));
        return new ZooSummary(plan.preset(), plan.seed(), first.size(), entries.size(), commitsThisRun, workers,
                elapsedSeconds, plan.modelsPerTree(), families, distribution(finetune), dtypes, cards);
    }

    /** The summary as the table logged at the end of a run. */
    public static String table(ZooSummary s) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "zoo %s, seed %d: %d models, %d commits (%d trained by this run) in %s on %d workers%n",
                s.preset().id(), s.seed(), s.models(), s.commits(), s.commitsThisRun(), Progress.format(s.elapsedSeconds()),
                s.workers()));
        t.append(String.format(Locale.ROOT, "%-44s %7s%n", "tree", "models"));
        s.modelsPerTree().forEach((tree, n) -> t.append(String.format(Locale.ROOT, "%-44s %7d%n", tree, n)));
        t.append(String.format(Locale.ROOT, "%-10s %7s %10s %15s %12s %10s%n", "family", "models", "base acc",
                "fine-tune acc", "scratch acc", "train s"));
        s.families().forEach((family, f) -> t.append(String.format(Locale.ROOT, "%-10s %7d %10s %15s %12s %10.0f%n",
                family.id(), f.models(), pct(f.baseTestAccuracy()), pct(f.finetuneTestAccuracy()), pct(f.scratchTestAccuracy()),
                f.trainSeconds())));
        ZooSummary.Distribution d = s.finetuneAccuracy();
        t.append(String.format(Locale.ROOT, "fine-tune test accuracy on own classes (%d): min %s, p10 %s, median %s, p90 %s,"
                + " max %s, mean %s%n", d.count(), pct(d.min()), pct(d.p10()), pct(d.median()), pct(d.p90()), pct(d.max()),
                pct(d.mean())));
        t.append("stored as: ").append(s.dtypes()).append("; cards: ").append(s.cardStyles());
        return t.toString();
    }

    static ZooSummary.Distribution distribution(double[] sorted) {
        if (sorted.length == 0) {
            return new ZooSummary.Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new ZooSummary.Distribution(sorted.length, sorted[0], quantile(sorted, 0.1), quantile(sorted, 0.5),
                quantile(sorted, 0.9), sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static double mean(List<ManifestEntry> entries, ModelRole role) {
        List<Double> values = new ArrayList<>();
        entries.stream().filter(e -> e.role() == role).forEach(e -> values.add(e.testAccuracy()));
        return values.isEmpty() ? Double.NaN : values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String pct(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }
}
