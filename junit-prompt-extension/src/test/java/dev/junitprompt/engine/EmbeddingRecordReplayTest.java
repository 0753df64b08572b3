package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.engine.fixtures.EmbeddingExperiments;
import dev.junitprompt.testing.LoopbackOpenAi;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * similar_to_expected with a user's OpenAI embedding model, over the real LangChain4j client and a loopback OpenAI:
 * the embeddings are recorded, keyed by the model and the text, and replay with no server and no key.
 */
class EmbeddingRecordReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @AfterEach
    void reset() {
        EmbeddingExperiments.baseUrl = "http://127.0.0.1:9/v1";
    }

    /** OpenAI's embeddings answer, each text embedded as its letters' counts: close for the same letters. */
    private static MockResponse embeddings(JsonNode body) {
        ObjectNode answer = JSON.createObjectNode().put("object", "list").put("model", "text-embedding-3-small");
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < body.path("input").size(); i++) {
            ArrayNode vector = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            String text = body.path("input").get(i).asText().toLowerCase(java.util.Locale.ROOT);
            for (char letter = 'a'; letter <= 'z'; letter++) {
                char wanted = letter;
                vector.add(text.chars().filter(c -> c == wanted).count());
            }
        }
        answer.putObject("usage").put("prompt_tokens", 8).put("total_tokens", 8);
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(answer.toString()).build();
    }

    private EngineExecutionResults run(String cacheMode) {
        return EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", cacheMode)
                .selectors(selectMethod(EmbeddingExperiments.class, "greet", "dev.junitprompt.api.PromptResult"))
                .execute();
    }

    private List<Path> embeddingRecordings() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("recordings/greet/embeddings"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void aUsersEmbeddingModelIsRecordedAndReplaysWithNoServer() throws IOException {
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        try (MockWebServer openAi = LoopbackOpenAi.start(bodies, EmbeddingRecordReplayTest::embeddings)) {
            EmbeddingExperiments.baseUrl = openAi.url("/v1").toString();

            // The German item's English greeting differs from "Hallo, Grace!" in its letters.
            run("record").testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        }
        // One call an item, output and expected output together (one text when they are equal), by the model named.
        assertThat(bodies).hasSize(3).allSatisfy(body -> assertThat(body.path("model").asText())
                .isEqualTo("text-embedding-3-small"));
        assertThat(bodies).extracting(body -> body.path("input").size()).containsExactlyInAnyOrder(1, 1, 2);
        assertThat(embeddingRecordings()).hasSize(4).allSatisfy(file -> assertThat(Files.readString(file))
                .contains("\"model\" : \"text-embedding-3-small\"").doesNotContain("sk-test"));
        EmbeddingExperiments.baseUrl = "http://127.0.0.1:9/v1";

        EngineExecutionResults replayed = run("replay");

        replayed.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        assertThat(replayed.testEvents().failed().list()).singleElement().satisfies(event -> assertThat(event
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable())
                .hasValueSatisfying(thrown -> assertThat(thrown).hasMessageContaining("similar_to_expected = 0.")
                        .hasMessageContaining("(text-embedding-3-small)")));
    }
}
