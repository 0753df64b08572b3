package dev.junitprompt.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class DatasetItemTest {

    @Test
    void itemsWithoutMetadataShareOneEmptyObjectThatCannotBeChanged() {
        DatasetItem first = new DatasetItem("ds", "case-001", "", null, null, null);
        DatasetItem second = new DatasetItem("ds", "case-002", "", null, null, null);

        assertThat(first.metadata()).isSameAs(second.metadata()).isEqualTo(JsonNodeFactory.instance.objectNode());
        assertThat(first.metadata().toString()).isEqualTo("{}");
        assertThatThrownBy(() -> ((ObjectNode) first.metadata()).put("tag", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(((ObjectNode) first.metadata()).deepCopy().put("tag", "x").toString()).isEqualTo("{\"tag\":\"x\"}");
    }
}
