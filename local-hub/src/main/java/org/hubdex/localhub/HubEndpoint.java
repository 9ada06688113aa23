package org.hubdex.localhub;

/** The endpoint families the local hub serves; requests and statistics are grouped by them. */
public enum HubEndpoint {
    /** {@code GET /api/models}. */
    LIST("list"),
    /** {@code GET /api/models/{id}} and {@code /api/models/{id}/revision/{rev}}. */
    INFO("info"),
    /** {@code GET /api/models/{id}/tree/{rev}[/{path}]}. */
    TREE("tree"),
    /** {@code GET|HEAD /{id}/resolve/{rev}/{path}}. */
    RESOLVE("resolve"),
    /** {@code /admin/...}: never faulted, never rate limited. */
    ADMIN("admin"),
    /** Anything else (answered 404). */
    OTHER("other");

    private final String wireName;

    HubEndpoint(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in statistics and logs. */
    public String wireName() {
        return wireName;
    }
}
