package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client-side budget: fixed windows per bucket, blocking until the next window, the hub's hints, usage. */
class RequestBudgetTest {

    @Test
    void takesUpToTheQuotaThenWaitsForTheNextWindow() throws Exception {
        FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:01:00Z"));
        RequestBudget budget = RequestBudget.builder().optApiQuota(3).optResolveQuota(10).optClock(time).optSleeper(time).build();
        for (int i = 0; i < 3; i++) {
            budget.acquire(RequestBudget.Bucket.API);
        }
        assertThat(time.sleeps()).isEmpty();
        assertThat(budget.usage().bucket(RequestBudget.Bucket.API).remaining()).isZero();
        budget.acquire(RequestBudget.Bucket.RESOLVE);
        assertThat(time.sleeps()).as("another bucket is not blocked").isEmpty();
        budget.acquire(RequestBudget.Bucket.API);
        assertThat(time.sleeps()).as("waits from 00:01 to the window at 00:05").containsExactly(Duration.ofMinutes(4));
        RequestBudget.Usage u = budget.usage();
        assertThat(u.windowStart()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(u.bucket(RequestBudget.Bucket.API).used()).isEqualTo(1);
        assertThat(u.bucket(RequestBudget.Bucket.RESOLVE).used()).as("a new window resets every bucket").isZero();
    }

    @Test
    void theHubSayingNothingRemainsWaitsForItsResetPlusOneSecond() throws Exception {
        FakeTime time = new FakeTime();
        RequestBudget budget = RequestBudget.anonymous(time, time);
        budget.observeServer(RequestBudget.Bucket.API, 0, Duration.ofSeconds(20));
        assertThat(budget.usage().bucket(RequestBudget.Bucket.API).serverRemaining()).hasValue(0);
        budget.acquire(RequestBudget.Bucket.API);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(21));
        assertThat(budget.usage().bucket(RequestBudget.Bucket.API).serverRemaining()).isEmpty();
    }

    @Test
    void theHubsRemainingCountsDown() throws Exception {
        FakeTime time = new FakeTime();
        RequestBudget budget = RequestBudget.anonymous(time, time);
        budget.observeServer(RequestBudget.Bucket.RESOLVE, 2, Duration.ofSeconds(100));
        budget.acquire(RequestBudget.Bucket.RESOLVE);
        budget.acquire(RequestBudget.Bucket.RESOLVE);
        assertThat(time.sleeps()).isEmpty();
        budget.acquire(RequestBudget.Bucket.RESOLVE);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(101));
    }

    @Test
    void defaultsFollowThePlan() {
        FakeTime time = new FakeTime();
        assertThat(RequestBudget.anonymous(time, time).quota(RequestBudget.Bucket.API)).isEqualTo(500);
        assertThat(RequestBudget.anonymous(time, time).quota(RequestBudget.Bucket.RESOLVE)).isEqualTo(3000);
        assertThat(RequestBudget.authenticated(time, time).quota(RequestBudget.Bucket.API)).isEqualTo(1000);
        assertThat(RequestBudget.authenticated(time, time).quota(RequestBudget.Bucket.RESOLVE)).isEqualTo(5000);
        assertThat(HubClient.builder().optNoToken().build().budget().quota(RequestBudget.Bucket.API)).isEqualTo(500);
        assertThat(HubClient.builder().optToken("hf_abcdefghijklmnop").build().budget().quota(RequestBudget.Bucket.API)).isEqualTo(1000);
        assertThatThrownBy(() -> RequestBudget.builder().optApiQuota(0).build()).hasMessageContaining("at least 1");
    }

    @Test
    void bucketsFollowThePath() {
        assertThat(RequestBudget.Bucket.ofPath("/api/models")).isEqualTo(RequestBudget.Bucket.API);
        assertThat(RequestBudget.Bucket.ofPath("/api/models/a/b/tree/main")).isEqualTo(RequestBudget.Bucket.API);
        assertThat(RequestBudget.Bucket.ofPath("/a/b/resolve/main/x.safetensors")).isEqualTo(RequestBudget.Bucket.RESOLVE);
        assertThat(RequestBudget.Bucket.ofHubName("resolvers")).contains(RequestBudget.Bucket.RESOLVE);
    }

    @Test
    void theClientSpendsTheBudgetPerBucketAndLearnsFromRateLimitHeaders() {
        try (FakeHub hub = FakeHub.start()) {
            FakeTime time = new FakeTime();
            hub.on("/api/models/org/model", FakeHub.json(200, "{\"id\":\"org/model\"}", Map.of("RateLimit", "\"api\";r=480;t=200")));
            hub.on("/org/model/resolve/main/config.json", FakeHub.json(200, "{}", Map.of("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567")));
            RequestBudget budget = RequestBudget.builder().optApiQuota(2).optResolveQuota(5).optClock(time).optSleeper(time).build();
            HubClient client = TestClients.builder(hub, time).optRequestBudget(budget).build();
            client.modelInfo("org/model", Optional.empty(), false);
            client.modelInfo("org/model", Optional.empty(), false);
            client.fileMetadata("org/model", Optional.empty(), "config.json");
            RequestBudget.Usage u = client.budgetUsage();
            assertThat(u.bucket(RequestBudget.Bucket.API).used()).isEqualTo(2);
            assertThat(u.bucket(RequestBudget.Bucket.API).serverRemaining()).hasValue(480);
            assertThat(u.bucket(RequestBudget.Bucket.RESOLVE).used()).isEqualTo(1);
            client.modelInfo("org/model", Optional.empty(), false);
            assertThat(time.sleeps()).as("third API call waits for the next 5-minute window").containsExactly(Duration.ofMinutes(5));
        }
    }
}
