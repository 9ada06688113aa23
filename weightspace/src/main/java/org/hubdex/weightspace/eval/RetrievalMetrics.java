package org.hubdex.weightspace.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Retrieval quality over a set of queries (a model's nearest neighbours by embedding, judged by the models that
 * share its tree or category), averaged over queries:
 * <ul>
 *   <li>hit@k: 1 when any relevant model is among the first k results;</li>
 *   <li>recall@k: {@code |relevant ∩ top k| / min(k, |relevant|)}, so a query with fewer relevant models than
 *       k can still reach 1;</li>
 *   <li>MRR: {@code 1 / rank} of the first relevant result (rank from 1), 0 when none is ranked.</li>
 * </ul>
 * A ranking lists each id once; should it repeat one, the repeat counts for nothing. Leaving the query model
 * itself out of its ranking is the caller's job.
 *
 * @param queries queries averaged over
 * @param k the cutoff of hit@k and recall@k
 * @param hitAtK mean hit@k
 * @param recallAtK mean recall@k
 * @param meanReciprocalRank MRR
 */
public record RetrievalMetrics(int queries, int k, double hitAtK, double recallAtK, double meanReciprocalRank) {

    /**
     * One query's ranking and the ids that are right answers to it.
     *
     * @param ranked result ids, best first
     * @param relevant the right answers; at least one
     */
    public record Query(List<String> ranked, Set<String> relevant) {
        public Query {
            ranked = List.copyOf(ranked);
            relevant = Set.copyOf(relevant);
            if (relevant.isEmpty()) {
                throw new IllegalArgumentException("a query needs at least one relevant id");
            }
        }
    }

    /** The metrics averaged over {@code queries}. */
    public static RetrievalMetrics of(List<Query> queries, int k) {
        Objects.requireNonNull(queries, "queries");
        if (queries.isEmpty() || k < 1) {
            throw new IllegalArgumentException("retrieval metrics need queries and k >= 1 (" + queries.size()
                    + " queries, k = " + k + ")");
        }
        double hits = 0;
        double recall = 0;
        double reciprocal = 0;
        for (Query query : queries) {
            hits += hitAt(query, k);
            recall += recallAt(query, k);
            reciprocal += reciprocalRank(query);
        }
        int n = queries.size();
        return new RetrievalMetrics(n, k, hits / n, recall / n, reciprocal / n);
    }

    /** 1 when a relevant id is among the first {@code k}, else 0. */
    public static double hitAt(Query query, int k) {
        return recallAt(query, k) > 0 ? 1 : 0;
    }

    /** {@code |relevant ∩ top k| / min(k, |relevant|)}. */
    public static double recallAt(Query query, int k) {
        Set<String> found = new HashSet<>();
        for (String id : query.ranked().subList(0, Math.min(k, query.ranked().size()))) {
            if (query.relevant().contains(id)) {
                found.add(id);
            }
        }
        return (double) found.size() / Math.min(k, query.relevant().size());
    }

    /** {@code 1 / rank} of the first relevant id, 0 when none is ranked. */
    public static double reciprocalRank(Query query) {
        List<String> ranked = query.ranked();
        for (int i = 0; i < ranked.size(); i++) {
            if (query.relevant().contains(ranked.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }
}
