package org.hubdex.weightspace.backbone;

import java.util.ArrayList;
import java.util.List;

/**
 * How a whole sequence is encoded window by window at inference ("haloing"): each token is the content of
 * exactly one window, and every window carries context around its content that is encoded and then dropped,
 * so a token's latent does not depend on where a window boundary happened to fall.
 *
 * <p>A sequence of at most {@code windowTokens} tokens is one window, all content (the training windows look the
 * same). A longer one is cut into content runs of {@code C = windowTokens - 2 * halo} tokens; each is encoded in
 * a window of exactly {@code windowTokens} tokens placed {@code halo} tokens before the run, or shifted inwards at
 * the two ends of the sequence (so the first and last runs get all their context from one side rather than
 * fewer tokens of it: the same cost, since batches are padded to the window length anyway).
 *
 * <p>Pure function; thread-safe.
 */
final class HaloWindows {

    /** Tokens {@code [from, from + count)} encoded, of which {@code [contentFrom, contentFrom + contentCount)} kept. */
    record Window(int from, int count, int contentFrom, int contentCount) {
    }

    private HaloWindows() {
    }

    static List<Window> plan(int tokens, int windowTokens, int halo) {
        if (tokens < 1) {
            throw new IllegalArgumentException("no tokens to plan windows for");
        }
        if (tokens <= windowTokens) {
            return List.of(new Window(0, tokens, 0, tokens));
        }
        int content = windowTokens - 2 * halo;
        List<Window> windows = new ArrayList<>((tokens + content - 1) / content);
        for (int c = 0; c < tokens; c += content) {
            int contentCount = Math.min(content, tokens - c);
            int from = Math.max(0, Math.min(c - halo, tokens - windowTokens));
            windows.add(new Window(from, windowTokens, c, contentCount));
        }
        return windows;
    }
}
