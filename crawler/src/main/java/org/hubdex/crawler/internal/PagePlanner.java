package org.hubdex.crawler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hubdex.crawler.CrawlPass;
import org.hubdex.hub.GatedMode;
import org.hubdex.hub.ModelInfo;
import org.hubdex.hub.ModelPage;
import org.hubdex.hub.ModelSort;
import org.hubdex.schemas.avro.CrawlerState;
import org.hubdex.schemas.avro.CrawlerStateKind;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;

/**
 * Decides what one listing page means, without side effects: which models are new or have a new
 * sha (an event each), which were already emitted (skipped), which entries cannot be described (an
 * {@code UNAVAILABLE} event with the reason, or a dead letter when not even the id is usable), and
 * whether the page reached the pass's high-water mark. The crawler commits the plan in one
 * transaction and only then updates its state.
 */
public final class PagePlanner {

    /** Hub ids: {@code name} or {@code namespace/name}, the characters the hub allows. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");

    private final String crawlerId;
    private final String hubUrl;
    private final boolean hasToken;

    /** The plan for one page. {@code newest} is the newest sort timestamp on the page, if any. */
    public record PagePlan(List<ModelEvent> events, List<DeadLetter> deadLetters, List<CrawlerState> modelStates,
            int seen, int skipped, int beyondMark, boolean reachedMark, Optional<Instant> newest) {

        public long count(ModelEventKind kind) {
            return events.stream().filter(e -> e.getKind() == kind).count();
        }
    }

    public PagePlanner(String crawlerId, String hubUrl, boolean hasToken) {
        this.crawlerId = crawlerId;
        this.hubUrl = hubUrl;
        this.hasToken = hasToken;
    }

    /**
     * Plans {@code page} of {@code pass} against the committed {@code state}.
     *
     * @param highWaterMark entries sorted older than this were handled by an earlier pass (empty: none)
     */
    public PagePlan plan(CrawlPass pass, ModelPage page, Optional<Instant> highWaterMark, CrawlerStateStore state, Instant now) {
        List<ModelEvent> events = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<CrawlerState> modelStates = new ArrayList<>();
        Set<String> onThisPage = new HashSet<>();
        int seen = 0;
        int skipped = 0;
        int beyondMark = 0;
        boolean reachedMark = false;
        Instant newest = null;
        for (ModelInfo model : page.models()) {
            Optional<Instant> sortTime = sortTime(pass, model);
            if (sortTime.isPresent() && (newest == null || sortTime.get().isAfter(newest))) {
                newest = sortTime.get();
            }
            if (!pass.backfill() && highWaterMark.isPresent() && sortTime.isPresent() && sortTime.get().isBefore(highWaterMark.get())) {
                reachedMark = true; // the rest of the listing was read by an earlier pass
                beyondMark++;
                continue;
            }
            seen++;
            if (!MODEL_ID.matcher(model.id()).matches()) {
                deadLetters.add(deadLetter(model, page, "the hub listed an entry whose id is not a model id: '" + model.id() + "'", now));
                continue;
            }
            String sha = model.sha().orElse(null);
            if (state.alreadyEmitted(model.id(), sha) || !onThisPage.add(model.id() + "@" + sha)) {
                skipped++;
                continue;
            }
            ModelEventKind kind = state.lastSha(model.id()).isPresent() ? ModelEventKind.UPDATED : ModelEventKind.CREATED;
            Optional<String> reason = unavailableReason(model);
            if (reason.isPresent()) {
                kind = ModelEventKind.UNAVAILABLE;
            }
            events.add(EventMapper.toEvent(model, kind, reason, hubUrl, now));
            modelStates.add(CrawlerState.newBuilder()
                    .setCrawlerId(crawlerId)
                    .setKind(CrawlerStateKind.MODEL_SEEN)
                    .setModelId(model.id())
                    .setSha(sha)
                    .setUpdatedAt(now)
                    .build());
        }
        return new PagePlan(events, deadLetters, modelStates, seen, skipped, beyondMark, reachedMark, Optional.ofNullable(newest));
    }

    /** Why a listed model cannot be read, if it cannot. */
    Optional<String> unavailableReason(ModelInfo model) {
        if (model.disabled()) {
            return Optional.of("disabled: the hub has disabled this repository");
        }
        if (model.gated() != GatedMode.NONE && !hasToken) {
            return Optional.of("gated (" + model.gated().name().toLowerCase(java.util.Locale.ROOT)
                    + "): its files need accepted access and a token (HF_TOKEN)");
        }
        if (model.sha().isEmpty()) {
            return Optional.of("malformed metadata: the hub reported no commit sha");
        }
        return Optional.empty();
    }

    private static Optional<Instant> sortTime(CrawlPass pass, ModelInfo model) {
        return pass.sort() == ModelSort.LAST_MODIFIED ? model.lastModified() : model.createdAt();
    }

    private DeadLetter deadLetter(ModelInfo model, ModelPage page, String reason, Instant now) {
        return DeadLetter.newBuilder()
                .setSourceTopic(hubUrl)
                .setKey(model.id())
                .setModelId(null)
                .setSha(model.sha().orElse(null))
                .setStage("crawler")
                .setErrorClass(IllegalArgumentException.class.getName())
                .setReason(reason)
                .setPayloadRef(page.requestUrl().toString())
                .setFailedAt(now)
                .build();
    }
}
