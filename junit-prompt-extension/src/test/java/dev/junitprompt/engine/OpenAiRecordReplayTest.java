package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.engine.fixtures.OpenAiExperiments;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The OpenAI-compatible path end to end: LangChain4j's OpenAI client against a fake server speaking the
 * chat-completions wire format. Record mode writes recordings; replay then needs no server.
 */
class OpenAiRecordReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("Say hello to (\\w+) in (\\w+)");

    @TempDir
    Path work;

    @Test
    void recordModeWritesRecordingsAndReplayNeedsNoServer() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        List<String> authorizations = new ArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    JsonNode body = read(request.getBody().utf8());
                    synchronized (bodies) {
                        bodies.add(body);
                        authorizations.add(request.getHeaders().get("Authorization"));
                    }
                    Matcher name = NAME.matcher(body.path("messages").get(0).path("content").asText());
                    if (!name.find()) {
                        return completion("?");
                    }
                    return completion(name.group(2).equals("French") ? "Bonjour, " + name.group(1) + " !"
                            : "Hello, " + name.group(1) + "!");
                }
            });
            server.start();
            OpenAiExperiments.baseUrl = server.url("/v1").toString();

            EngineExecutionResults recorded = EngineKit.engine(work)
                    .configurationParameter("prompt.experiment.cache.mode", "record")
                    .selectors(selectClass(OpenAiExperiments.class)).execute();

            recorded.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
            assertThat(server.getRequestCount()).isEqualTo(3);
        }
        assertThat(bodies).allSatisfy(body -> {
            assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
            assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        });
        assertThat(authorizations).containsOnly("Bearer sk-test-not-a-key");

        List<Path> recordings = recordings();
        assertThat(recordings).hasSize(3);
        for (Path recording : recordings) {
            assertThat(Files.readString(recording)).contains("\"request\"", "\"response\"", "\"text\" : ").doesNotContain("sk-test-not-a-key")
                    .doesNotContainIgnoringCase("authorization");
        }

        // The server is gone: replay answers from the recordings alone.
        OpenAiExperiments.baseUrl = "http://127.0.0.1:9/v1";
        EngineExecutionResults replayed = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.cache.mode", "replay")
                .selectors(selectClass(OpenAiExperiments.class)).execute();

        replayed.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        assertThat(replayed.testEvents().failed().list().get(0).getTestDescriptor().getDisplayName())
                .isEqualTo("case-003 · German");
    }

    @Test
    void replayWithoutRecordingErrorsTheItemSayingHowToRecord() {
        EngineExecutionResults results = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.cache.mode", "replay")
                .selectors(selectClass(OpenAiExperiments.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(4).failed(3).succeeded(1));
        assertThat(results.testEvents().failed().list()).allSatisfy(event -> assertThat(
                event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                        .orElseThrow().getMessage())
                .contains("No recording of this call", "-Dprompt.experiment.cache.mode=record"));
    }

    private List<Path> recordings() throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve("recordings"))) {
            return files.filter(path -> path.toString().endsWith(".json")).toList();
        }
    }

    private static MockResponse completion(String content) {
        String body = """
                {"id":"chatcmpl-1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}
                """.formatted(JSON.valueToTree(content).toString());
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
