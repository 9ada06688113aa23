package org.hubdex.hub;

/**
 * Fields a listing can ask for with {@code expand=<field>}; only the named fields (plus {@code id})
 * come back. The hub answers 400 to an unknown field, so the names are fixed here.
 */
public enum ExpandField {
    AUTHOR("author"),
    BASE_MODELS("baseModels"),
    CARD_DATA("cardData"),
    CHILDREN_MODEL_COUNT("childrenModelCount"),
    CONFIG("config"),
    CREATED_AT("createdAt"),
    DISABLED("disabled"),
    DOWNLOADS("downloads"),
    DOWNLOADS_ALL_TIME("downloadsAllTime"),
    GATED("gated"),
    LAST_MODIFIED("lastModified"),
    LIBRARY_NAME("library_name"),
    LIKES("likes"),
    PIPELINE_TAG("pipeline_tag"),
    PRIVATE("private"),
    SAFETENSORS("safetensors"),
    SHA("sha"),
    SIBLINGS("siblings"),
    TAGS("tags"),
    TRENDING_SCORE("trendingScore"),
    USED_STORAGE("usedStorage");

    private final String wire;

    ExpandField(String wire) {
        this.wire = wire;
    }

    /** The value of the {@code expand} query parameter. */
    public String wire() {
        return wire;
    }
}
