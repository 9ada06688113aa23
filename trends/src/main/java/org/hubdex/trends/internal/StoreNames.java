package org.hubdex.trends.internal;

import org.hubdex.trends.WindowSpec;

/**
 * The names of the application's state stores: the lineage task's stores ({@link #MODELS}, {@link #CHILDREN},
 * {@link #UNDATED}, {@link #CLOCK}) and, per window, the counting tasks' count and alert stores. Interactive queries look stores up
 * by these names.
 */
public final class StoreNames {

    /** model id → its latest counted (slim) event: the (model, sha) dedup table and the lineage table. */
    public static final String MODELS = "trends-models";
    /** {@code <parent>\u0000<child>} → child: which models name a model as their first base model. */
    public static final String CHILDREN = "trends-children";
    /** count key → contributions of undated models (pre-2022 placeholder or unknown creation time). */
    public static final String UNDATED = "trends-undated";
    /** {@code oldest} and {@code newest} → the event clock: the oldest and newest event time counted (see EventClock). */
    public static final String CLOCK = "trends-clock";

    private StoreNames() {
    }

    /** count key → count, per window start. */
    public static String counts(WindowSpec window) {
        return "trends-counts-" + window.name();
    }

    /** count key → the alert raised in that window, per window start. */
    public static String alerts(WindowSpec window) {
        return "trends-alerts-" + window.name();
    }
}
