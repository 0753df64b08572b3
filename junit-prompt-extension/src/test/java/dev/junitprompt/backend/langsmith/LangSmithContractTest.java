package dev.junitprompt.backend.langsmith;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.testing.OpenApiContract;

/** The shared contract checker reads LangSmith's OpenAPI 3.1 spec as strictly as Langfuse's. */
class LangSmithContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = new OpenApiContract("contracts/langsmith/openapi.json");

    @Test
    void acceptsWhatTheClientSends() {
        ObjectNode session = JSON.createObjectNode().put("id", "0195512e-0000-7000-8000-000000000001")
                .put("name", "exp").put("reference_dataset_id", "0195512e-0000-7000-8000-000000000002");
        session.putObject("extra").putObject("metadata").put("anything", 1);

        assertThat(CONTRACT.check("POST", "/api/v1/sessions", session)).isEmpty();
    }

    @Test
    void flagsUndeclaredFieldsAndWrongTypes() {
        ObjectNode session = JSON.createObjectNode().put("name", "exp").put("num_examples", 3);
        assertThat(CONTRACT.check("POST", "/api/v1/sessions", session))
                .anySatisfy(p -> assertThat(p).contains("num_examples").contains("not declared"));

        ObjectNode feedback = JSON.createObjectNode().put("id", "0195512e-0000-7000-8000-000000000001")
                .put("key", "k").put("score", "high");
        assertThat(CONTRACT.check("POST", "/api/v1/feedback", feedback)).isNotEmpty();

        ObjectNode source = JSON.createObjectNode().put("id", "0195512e-0000-7000-8000-000000000001").put("key", "k");
        source.putObject("feedback_source").put("type", "model").put("typo", true);
        assertThat(CONTRACT.check("POST", "/api/v1/feedback", source))
                .anySatisfy(p -> assertThat(p).contains("typo"));
    }
}
