package org.hubdex.trainer.gate;

import java.util.List;
import java.util.Objects;

/**
 * The quality gate's verdict with its figures: what was compared, what regressed, what could not be compared.
 *
 * @param decision publish or reject
 * @param comparisons every configured metric present in both versions, in rule order
 * @param missingInCandidate configured metrics the candidate did not report (or reported as NaN/infinite): each rejects
 * @param notCompared configured metrics the current version lacks: not compared, noted
 * @param firstVersion whether there was no current version to compare with
 */
public record GateVerdict(Decision decision, List<MetricComparison> comparisons, List<String> missingInCandidate,
        List<String> notCompared, boolean firstVersion) {

    public GateVerdict {
        Objects.requireNonNull(decision, "decision");
        comparisons = List.copyOf(comparisons);
        missingInCandidate = List.copyOf(missingInCandidate);
        notCompared = List.copyOf(notCompared);
    }

    /** Whether the candidate may be published. */
    public boolean publish() {
        return decision == Decision.PUBLISH;
    }

    /** The comparisons that regressed beyond their tolerance. */
    public List<MetricComparison> regressions() {
        return comparisons.stream().filter(MetricComparison::isRegression).toList();
    }

    /** A readable account of the decision, for logs and the training outcome. */
    public String reason() {
        StringBuilder sb = new StringBuilder(decision.name()).append(": ");
        List<MetricComparison> regressions = regressions();
        if (decision == Decision.REJECT) {
            if (!missingInCandidate.isEmpty()) {
                sb.append("the candidate does not report ").append(String.join(", ", missingInCandidate)).append("; ");
            }
            if (!regressions.isEmpty()) {
                sb.append(regressions.size()).append(regressions.size() == 1 ? " regression: " : " regressions: ");
                sb.append(String.join("; ", regressions.stream().map(MetricComparison::describe).toList())).append("; ");
            }
        } else if (firstVersion) {
            sb.append("no current version to compare with; ");
        } else {
            sb.append(comparisons.size()).append(comparisons.size() == 1 ? " metric" : " metrics").append(" within tolerance; ");
        }
        if (!notCompared.isEmpty()) {
            sb.append("not compared (missing in the current version): ").append(String.join(", ", notCompared)).append("; ");
        }
        return sb.substring(0, sb.length() - 2);
    }
}
