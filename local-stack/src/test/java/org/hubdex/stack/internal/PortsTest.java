package org.hubdex.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.hubdex.stack.PortInUseException;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aListeningPortIsTakenAndTheMessageSaysWhatToChange() throws IOException {
        try (ServerSocket foreign = new ServerSocket(0)) {
            int port = foreign.getLocalPort();
            assertThat(Ports.isFree(port)).isFalse();
            assertThat(Ports.isListening(port, 300)).isTrue();
            assertThatThrownBy(() -> Ports.requireFree(port, "Kafka listener", "HUBDEX_KAFKA_PORT"))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Port " + port + " (Kafka listener) is already in use by another process. Stop that process, "
                            + "or choose a free port with HUBDEX_KAFKA_PORT=<port>.")
                    .satisfies(e -> {
                        assertThat(((PortInUseException) e).port()).isEqualTo(port);
                        assertThat(((PortInUseException) e).environmentVariable()).isEqualTo("HUBDEX_KAFKA_PORT");
                    });
        }
    }

    @Test
    void aClosedPortIsFree() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertThat(Ports.isFree(port)).isTrue();
        Ports.requireFree(port, "Elasticsearch HTTP", "HUBDEX_ES_PORT");
    }
}
