package org.hubdex.trainer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlAnnouncerTest {

    @Test
    void anUnacknowledgedAnnouncementIsATypedErrorWithinTheTimeout() {
        Instant start = Instant.now();
        // nothing listens on port 1: the broker never answers
        try (ControlAnnouncer announcer = new ControlAnnouncer("localhost:1", "hub.control", Duration.ofSeconds(1), Clock.systemUTC())) {
            assertThatThrownBy(() -> announcer.published("2026-11-25T19-04-05Z", URI.create("file:///r/"), Map.of(), Map.of()))
                    .isInstanceOf(AnnouncementFailedException.class)
                    .hasMessageContaining("MODEL_VERSION_PUBLISHED of 2026-11-25T19-04-05Z on hub.control");
        }
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void anAckTimeoutBelowASecondIsRefused() {
        assertThatThrownBy(() -> new ControlAnnouncer("localhost:1", "hub.control", Duration.ofMillis(10), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
