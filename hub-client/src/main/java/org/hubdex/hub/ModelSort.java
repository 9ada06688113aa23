package org.hubdex.hub;

/** Sort keys of the model listing; the hub always sorts newest or highest first. */
public enum ModelSort {
    CREATED_AT("createdAt"),
    LAST_MODIFIED("lastModified"),
    DOWNLOADS("downloads"),
    LIKES("likes"),
    TRENDING_SCORE("trendingScore");

    private final String wire;

    ModelSort(String wire) {
        this.wire = wire;
    }

    /** The value of the {@code sort} query parameter. */
    public String wire() {
        return wire;
    }
}
