package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The topics table in schemas/README.md says what {@link Topic} declares. */
class TopicCatalogueReadmeTest {

    @ParameterizedTest
    @EnumSource(Topic.class)
    void readmeHasTheTopicsRow(Topic topic) throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(readme).as("README.md topics table, row of %s", topic).contains(row(topic));
    }

    /** The row as the README spells it; when a topic changes, paste this into the table. */
    static String row(Topic topic) {
        return "| `" + topic.topicName() + "` | " + topic.keyDescription() + " | `" + topic.valueType().getSimpleName()
                + "` | " + topic.partitions() + " | " + topic.configs().get("cleanup.policy") + " |";
    }
}
