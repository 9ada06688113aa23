package org.hubdex.trainer.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hubdex.trainer.gate.GateVerdict;

/** Writes a training run's report: corpus and split, stage timings, held-out metrics, the gate's verdict, curves. */
final class TrainingReport {

    private TrainingReport() {
    }

    static void write(Path file, String version, GateVerdict verdict, Optional<String> current, TrainingResult result,
            int corpusModels, TrainingConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("# Training ").append(version).append("\n\n");
        out.append("- corpus: ").append(corpusModels).append(" models, ").append(result.trees().size())
                .append(" tied to a tree by their cards, ").append(new java.util.HashSet<>(result.trees().values()).size())
                .append(" trees\n");
        Map<DatasetSplit.Part, Integer> parts = new TreeMap<>();
        result.parts().values().forEach(p -> parts.merge(p, 1, Integer::sum));
        out.append("- labelled split: ").append(parts).append('\n');
        out.append("- experts: ").append(result.modelSet().experts().size()).append(" (").append(
                String.join(", ", new java.util.TreeSet<>(result.modelSet().experts().keySet()))).append(")\n");
        out.append("- gate: ").append(verdict.publish() ? "PUBLISHED" : "REJECTED").append(" against ")
                .append(current.orElse("no current version")).append(": ").append(verdict.reason()).append("\n\n");
        out.append("## Held-out metrics (card-derived truth)\n\n| metric | value |\n|---|---|\n");
        result.metrics().forEach((k, v) -> out.append(String.format(Locale.ROOT, "| %s | %.4f |%n", k, v)));
        out.append("\n## Details\n\n| figure | value |\n|---|---|\n");
        result.details().forEach((k, v) -> out.append(String.format(Locale.ROOT, "| %s | %.4f |%n", k, v)));
        out.append("\n## Time (s)\n\n| stage | seconds |\n|---|---|\n");
        result.seconds().forEach((k, v) -> out.append(String.format(Locale.ROOT, "| %s | %.1f |%n", k, v)));
        out.append("\n## Configuration\n\n```\n").append(config).append("\n```\n\n## Loss curves\n\n```\n");
        result.curves().forEach(c -> out.append(c).append('\n'));
        out.append("```\n");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training report " + file, e);
        }
    }
}
