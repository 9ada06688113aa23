package org.hubdex.hub;

import java.time.Duration;

/** Clients for tests against a {@link FakeHub}: no token unless given, fake time, fast timeouts. */
final class TestClients {

    private TestClients() {
    }

    static HubClient.Builder builder(FakeHub hub, FakeTime time) {
        return HubClient.builder().optEndpoint(hub.uri()).optNoToken().optClock(time).optSleeper(time)
                .optConnectTimeout(Duration.ofSeconds(2)).optRequestTimeout(Duration.ofSeconds(5));
    }

    static HubClient client(FakeHub hub, FakeTime time) {
        return builder(hub, time).build();
    }
}
