package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is generated from {@link HubClientConfig.Key}; this keeps the two equal. */
class ReadmeTest {

    @Test
    void readmeHasTheGeneratedSettingsTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).as("paste HubClientConfig.documentationTable() into hub-client/README.md")
                .contains(HubClientConfig.documentationTable());
    }
}
