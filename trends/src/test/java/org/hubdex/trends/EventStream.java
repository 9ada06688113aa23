package org.hubdex.trends;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.ModelEvent;

/**
 * A seeded, realistic stream of model events for ITs and the benchmark: trees of fine-tunes (children named before
 * or after their parents), undocumented uploads, re-sent events, new commits of known models and pre-2022
 * repositories. The same seed gives the same events.
 */
final class EventStream {

    private EventStream() {
    }

    /** {@code models} models over {@code span} ending at {@code end}, with about 20% re-sends and 15% updates. */
    static List<ModelEvent> generate(long seed, int models, Instant end, Duration span) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ModelEvent> out = new ArrayList<>();
        List<ModelEvent> known = new ArrayList<>();
        String[] licenses = {"mit", "apache-2.0", "cc-by-4.0", null};
        String[] libraries = {"pytorch", "transformers", "timm", null};
        for (int i = 0; i < models; i++) {
            Instant created = random.nextInt(20) == 0 ? Instant.parse("2022-03-02T23:29:04.000Z")
                    : end.minusMillis((long) (random.nextDouble() * span.toMillis()));
            String author = "org" + random.nextInt(12);
            String id = author + "/m" + i;
            String base;
            if (i < 5 || random.nextInt(4) == 0) {
                base = null; // a base model or an undocumented upload
            } else if (random.nextInt(3) == 0) {
                base = "org" + random.nextInt(3) + "/m" + random.nextInt(i); // names any earlier id, maybe one not yet sent
            } else {
                base = known.get(random.nextInt(known.size())).getModelId();
            }
            boolean documented = base != null || random.nextBoolean();
            ModelEvent.Builder b = Events.builder(id, "sha-" + i + "-1", created, created)
                    .setAuthor(author)
                    .setLibraryName(libraries[random.nextInt(libraries.length)]);
            if (documented) {
                b.setCardData(CardData.newBuilder().setBaseModels(base == null ? List.of() : List.of(base))
                        .setLicense(licenses[random.nextInt(licenses.length)])
                        .setDatasets(base == null ? List.of("fashion_mnist") : List.of()).build());
            }
            ModelEvent e = b.build();
            known.add(e);
            out.add(e);
            if (random.nextInt(5) == 0) {
                out.add(e); // the crawler re-sent it
            }
            if (random.nextInt(7) == 0) {
                Instant modified = (created.isBefore(end.minus(span)) ? end.minus(span) : created).plusSeconds(60 + random.nextInt(3600));
                out.add(Events.updated(e, "sha-" + i + "-2", modified));
            }
        }
        return out;
    }
}
