package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The topic catalogue names one generated record per topic, documented with its topic and key. */
class TopicTest {

    @Test
    void everyTopicHasItsOwnValueRecord() {
        assertThat(Arrays.stream(Topic.values()).map(Topic::valueType)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void valueRecordIsGeneratedInTheAvroNamespace(Topic topic) {
        assertThat(topic.valueType().getPackageName()).isEqualTo("org.hubdex.schemas.avro");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void valueRecordDocNamesItsTopicAndKey(Topic topic) {
        String doc = SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType()).getDoc();

        assertThat(doc).contains("Topic " + topic.topicName()).contains("key: ");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void byNameFindsEveryTopic(Topic topic) {
        assertThat(Topic.byName(topic.topicName())).contains(topic);
    }

    @Test
    void byNameOfAForeignTopicIsEmpty() {
        assertThat(Topic.byName("hub.unknown")).isEmpty();
    }
}
