package org.hubdex.localhub.internal;

import java.util.Optional;
import org.hubdex.localhub.FaultPlan;

/**
 * Who may see which repository, the hub's way: a missing, vanished (fault) or private repository is
 * "not found" (401 anonymously, 404 with a token); a disabled one is 403; a gated one is readable
 * but its files need the server's token. Stateless.
 */
final class Access {

    private Access() {
    }

    /** Whether a listing shows {@code r} to {@code who}. */
    static boolean listed(Repository r, Principal who) {
        return !r.attributes().isPrivate() || who == Principal.OWNER;
    }

    /** The gated mode in force: the fault plan's, else {@code .hub.json}'s. */
    static Optional<String> gated(Repository r, FaultPlan plan) {
        return plan.gatedMode(r.id()).or(() -> r.attributes().gated());
    }

    /** The view of the repository a request names, or the hub's error. */
    static ModelView open(Catalog catalog, Route route, Principal who, FaultPlan plan) {
        String id = route.modelId().orElseThrow();
        if (!route.validId()) {
            throw HttpError.repoNotFound(who.authenticated());
        }
        Repository r = catalog.get(id).orElseThrow(() -> HttpError.repoNotFound(who.authenticated()));
        if (plan.vanished(id) || !listed(r, who)) {
            throw HttpError.repoNotFound(who.authenticated());
        }
        if (r.attributes().disabled()) {
            throw HttpError.disabled();
        }
        return new ModelView(r, gated(r, plan), catalog.childrenCount(id));
    }

    /** Checks the revision names the published commit: {@code main} or its sha. */
    static void checkRevision(Repository r, Optional<String> revision) {
        if (revision.isPresent() && !revision.get().equals("main") && !revision.get().equals(r.sha())) {
            throw HttpError.revisionNotFound(revision.get());
        }
    }
}
