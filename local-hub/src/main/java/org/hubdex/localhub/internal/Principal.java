package org.hubdex.localhub.internal;

/** Who sent a request, from its {@code Authorization} header. */
public enum Principal {
    /** No token. */
    ANONYMOUS,
    /** A token, but not the server's: may not read gated or private repositories (only when the server has no token). */
    USER,
    /** The server's token: reads everything. */
    OWNER;

    public boolean authenticated() {
        return this != ANONYMOUS;
    }
}
