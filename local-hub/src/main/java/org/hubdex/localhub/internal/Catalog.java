package org.hubdex.localhub.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published repositories at one moment: an immutable snapshot swapped as a whole after each
 * scan, with the lookups the endpoints need (by id, sorted per {@link SortKey}, children counts).
 * Sorted views are built on first use and cached; thread-safe.
 */
public final class Catalog {

    /** No repositories. */
    public static final Catalog EMPTY = new Catalog(List.of());

    private final Map<String, Repository> byId = new HashMap<>();
    private final Map<String, Integer> children = new HashMap<>();
    private final Map<SortKey, Repository[]> sorted = new EnumMap<>(SortKey.class);

    public Catalog(Collection<Repository> repositories) {
        for (Repository r : repositories) {
            byId.put(r.id(), r);
            for (String base : r.baseModels()) {
                children.merge(base, 1, Integer::sum);
            }
        }
    }

    public Optional<Repository> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public int size() {
        return byId.size();
    }

    /** How many published models name {@code id} as a base model (the hub's {@code childrenModelCount}). */
    public int childrenCount(String id) {
        return children.getOrDefault(id, 0);
    }

    /** Every repository in the order of {@code key}; the array must not be modified. */
    public Repository[] sorted(SortKey key) {
        synchronized (sorted) {
            return sorted.computeIfAbsent(key, k -> {
                Repository[] all = byId.values().toArray(Repository[]::new);
                Arrays.sort(all, k.comparator());
                return all;
            });
        }
    }

    /** The index of the first repository strictly after position ({@code value}, {@code id}) in the order of {@code key}. */
    public int indexAfter(SortKey key, long value, String id) {
        Repository[] all = sorted(key);
        int lo = 0;
        int hi = all.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Repository r = all[mid];
            if (key.compare(key.value(r), r.id(), value, id) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
