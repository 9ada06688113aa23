package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ranged reads: 206 checked against the request, a 200 sliced without downloading the rest, 416, pinning, CDN reuse. */
class RemoteFileTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String PATH = "/org/model/resolve/main/model.safetensors";

    private FakeHub hub;
    private FakeHub cdn;
    private FakeTime time;
    private byte[] content;

    @BeforeEach
    void setUp() {
        hub = FakeHub.start();
        cdn = FakeHub.start();
        time = new FakeTime();
        long seed = 42;
        content = new byte[1000];
        new Random(seed).nextBytes(content);
    }

    @AfterEach
    void tearDown() {
        hub.close();
        cdn.close();
    }

    private RemoteFile open(HubClient client) {
        return client.openFile("org/model", Optional.empty(), "model.safetensors");
    }

    @Test
    void readsExactlyTheRequestedRangeAndLearnsTheLength() throws Exception {
        hub.on(PATH, FakeHub.bytes(content, Map.of(), false));
        try (RemoteFile f = open(TestClients.client(hub, time))) {
            assertThat(f.length()).isEmpty();
            assertThat(f.read(100, 50)).isEqualTo(Arrays.copyOfRange(content, 100, 150));
            assertThat(hub.requests().get(0).header("Range")).isEqualTo("bytes=100-149");
            assertThat(hub.requests().get(0).header("Accept-Encoding")).isEqualTo("identity");
            assertThat(f.length()).hasValue(1000);
            assertThat(f.bytesRead()).isEqualTo(50);
            assertThat(f.read(990, 50)).as("fewer bytes only at the end").isEqualTo(Arrays.copyOfRange(content, 990, 1000));
            assertThat(f.read(1000, 10)).as("at the end: nothing, no request").isEmpty();
            assertThat(hub.requests()).hasSize(2);
        }
    }

    @Test
    void aTwoHundredToARangeRequestIsSlicedAndTheRestNotDownloaded() throws Exception {
        byte[] big = new byte[8 << 20];
        new Random(7).nextBytes(big);
        hub.on(PATH, FakeHub.bytes(big, Map.of(), true));
        HubClient client = TestClients.client(hub, time);
        try (RemoteFile f = open(client)) {
            assertThat(f.read(100, 50)).isEqualTo(Arrays.copyOfRange(big, 100, 150));
            assertThat(f.bytesRead()).as("skipped 100, kept 50, aborted the rest").isEqualTo(150);
            assertThat(f.length()).hasValue(big.length);
            assertThat(client.stats().bytesRead()).isLessThan(1 << 20);
        }
    }

    @Test
    void aContentRangeThatDoesNotMatchTheRequestIsMalformed() {
        hub.on(PATH, (ex, r) -> FakeHub.respond(ex, 206, Map.of("Content-Range", "bytes 0-49/1000"), Arrays.copyOf(content, 50)));
        try (RemoteFile f = open(TestClients.client(hub, time))) {
            MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class, () -> f.read(100, 50));
            assertThat(e.getMessage()).contains("expected bytes 100-149").contains("bytes 0-49/1000");
        }
        hub.on(PATH, (ex, r) -> FakeHub.respond(ex, 206, Map.of(), Arrays.copyOf(content, 50)));
        try (RemoteFile f = open(TestClients.client(hub, time))) {
            catchThrowableOfType(MalformedResponseException.class, () -> f.read(0, 50));
        }
    }

    @Test
    void aPartialBodyShorterThanItsContentRangeIsRetriedThenMalformed() {
        hub.on(PATH, (ex, r) -> FakeHub.respond(ex, 206, Map.of("Content-Range", "bytes 0-99/1000"), Arrays.copyOf(content, 60)));
        HubClient client = TestClients.builder(hub, time).optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(2)).build();
        try (RemoteFile f = open(client)) {
            MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class, () -> f.read(0, 100));
            assertThat(e.getMessage()).contains("60 of 100");
            assertThat(hub.requests()).hasSize(2);
        }
    }

    @Test
    void rangeNotSatisfiable() {
        hub.on(PATH, FakeHub.status(416, Map.of(), ""));
        try (RemoteFile f = open(TestClients.client(hub, time))) {
            RangeNotSatisfiableException e = catchThrowableOfType(RangeNotSatisfiableException.class, () -> f.read(5000, 10));
            assertThat(e.status()).hasValue(416);
        }
        hub.on(PATH, FakeHub.bytes(content, Map.of(), false));
        try (RemoteFile f = open(TestClients.client(hub, time))) {
            assertThat(catchThrowableOfType(Exception.class, () -> assertThat(f.read(5000, 10)).isEmpty())).isNull();
            assertThat(f.length()).as("a 416 naming the length ends the source").hasValue(1000);
        }
    }

    @Test
    void laterReadsArePinnedToTheCommitAndGoStraightToTheCdn() throws Exception {
        hub.on(PATH, FakeHub.status(302, Map.of("Location", cdn.uriOn("localhost") + "/blob?sig=1", "X-Repo-Commit", SHA,
                "X-Linked-Size", "1000", "X-Linked-Etag", "\"sha256-of-content\""), ""));
        cdn.on("/blob", FakeHub.bytes(content, Map.of(), false));
        HubClient client = TestClients.client(hub, time);
        try (RemoteFile f = open(client)) {
            f.read(0, 10);
            f.read(500, 10);
            f.read(900, 10);
            assertThat(f.commit()).contains(SHA);
            assertThat(f.etag()).contains("sha256-of-content");
            assertThat(f.length()).hasValue(1000);
            assertThat(hub.requests()).as("one resolve request for three reads").hasSize(1);
            assertThat(cdn.requests()).hasSize(3);
            assertThat(client.budgetUsage().bucket(RequestBudget.Bucket.RESOLVE).used()).isEqualTo(1);
        }
    }

    @Test
    void anExpiredCdnLinkFallsBackToTheHubPinnedToTheCommit() throws Exception {
        hub.on("/org/model/resolve/*", FakeHub.status(302, Map.of("Location", cdn.uriOn("localhost") + "/blob?sig=1", "X-Repo-Commit", SHA), ""));
        cdn.on("/blob", FakeHub.sequence(FakeHub.bytes(content, Map.of(), false), FakeHub.status(403, Map.of(), "expired"),
                FakeHub.bytes(content, Map.of(), false)));
        try (RemoteFile f = open(TestClients.client(hub, time))) {
            f.read(0, 10);
            assertThat(f.read(20, 10)).isEqualTo(Arrays.copyOfRange(content, 20, 30));
            assertThat(hub.requests()).hasSize(2);
            assertThat(hub.requests().get(1).uri().getPath()).isEqualTo("/org/model/resolve/" + SHA + "/model.safetensors");
        }
    }
}
