package org.hubdex.localhub.internal;

import java.util.Optional;

/**
 * A repository as one request sees it: with the gated mode in force (its {@code .hub.json} or a
 * fault) and its children count from the catalog.
 *
 * @param repository the published commit
 * @param gated {@code "auto"}/{@code "manual"}, or empty when not gated
 * @param children the number of published models naming it as base model
 */
public record ModelView(Repository repository, Optional<String> gated, int children) {
}
