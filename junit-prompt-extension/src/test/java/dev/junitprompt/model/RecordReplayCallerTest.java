package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.ToolCall;
import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;

class RecordReplayCallerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path recordings;

    private static final ModelCaller MUST_NOT_BE_CALLED = request -> {
        throw new AssertionError("the model must not be called, but was asked " + request.messages());
    };

    /** A model that answers "answer to <user message>" and remembers what it was asked. */
    private static final class FakeModel implements ModelCaller {
        final List<ModelRequest> calls = new ArrayList<>();

        @Override
        public ModelResponse call(ModelRequest request) {
            calls.add(request);
            return new ModelResponse("answer to " + request.messages().get(0).content(), "gpt-4o-mini-2024-07-18",
                    new Usage(12, 5, 17), "STOP", Duration.ofMillis(1234), false);
        }
    }

    private static ModelRequest request(String question) {
        return new ModelRequest("openai", "gpt-4o-mini", Map.of("temperature", 0.2, "max_tokens", 50),
                List.of(new PromptMessage("user", question)));
    }

    private Path recordingOf(ModelRequest request) {
        return recordings.resolve(request.key().substring(0, 16) + ".json");
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(recordings)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(recordings)) {
            return files.toList();
        }
    }

    @Test
    void recordCallsTheModelAndWritesTheRequestAndResponse() throws Exception {
        FakeModel model = new FakeModel();
        ModelRequest request = request("What is Kafka?");

        ModelResponse response = new RecordReplayCaller(model, CacheMode.RECORD, recordings).call(request);

        assertThat(model.calls).containsExactly(request);
        assertThat(response.text()).isEqualTo("answer to What is Kafka?");
        assertThat(response.replayed()).isFalse();
        assertThat(files()).containsExactly(recordingOf(request));
        JsonNode recording = JSON.readTree(recordingOf(request).toFile());
        assertThat(recording.path("key").asText()).isEqualTo(request.key());
        assertThat(recording.path("request").path("provider").asText()).isEqualTo("openai");
        assertThat(recording.path("request").path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(recording.path("request").path("parameters").path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(recording.path("request").path("parameters").path("max_tokens").asInt()).isEqualTo(50);
        assertThat(recording.path("request").path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(recording.path("request").path("messages").get(0).path("content").asText()).isEqualTo("What is Kafka?");
        JsonNode answer = recording.path("response");
        assertThat(answer.path("text").asText()).isEqualTo("answer to What is Kafka?");
        assertThat(answer.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(answer.path("finish_reason").asText()).isEqualTo("STOP");
        assertThat(answer.path("latency_ms").asLong()).isEqualTo(1234);
        assertThat(answer.path("usage").path("input_tokens").asLong()).isEqualTo(12);
        assertThat(answer.path("usage").path("output_tokens").asLong()).isEqualTo(5);
        assertThat(answer.path("usage").path("total_tokens").asLong()).isEqualTo(17);
    }

    @Test
    void recordingHoldsOnlyTheKeyRequestAndResponse() throws Exception {
        ModelRequest request = request("What is Kafka?");

        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(request);

        String text = Files.readString(recordingOf(request));
        assertThat(JSON.readTree(text).fieldNames()).toIterable().containsExactly("key", "request", "response");
        assertThat(text).doesNotContainIgnoringCase("api_key").doesNotContainIgnoringCase("apikey")
                .doesNotContainIgnoringCase("authorization").doesNotContain("sk-");
    }

    @Test
    void recordCallsTheModelEvenWhenARecordingExists() throws Exception {
        ModelRequest request = request("What is Kafka?");
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(request);
        FakeModel model = new FakeModel();

        new RecordReplayCaller(model, CacheMode.RECORD, recordings).call(request);

        assertThat(model.calls).hasSize(1);
        assertThat(files()).containsExactly(recordingOf(request));
    }

    @Test
    void replayAnswersFromTheRecordingWithoutCallingTheModel() throws Exception {
        ModelRequest request = request("What is Kafka?");
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(request);

        ModelResponse replayed = new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(request);

        assertThat(replayed).isEqualTo(new ModelResponse("answer to What is Kafka?", "gpt-4o-mini-2024-07-18",
                new Usage(12, 5, 17), "STOP", Duration.ofMillis(1234), true));
    }

    @Test
    void replayWithoutARecordingSaysHowToRecordIt() {
        ModelRequest request = request("never recorded");

        assertThatThrownBy(() -> new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(request))
                .isInstanceOf(RecordReplayCaller.MissingRecordingException.class)
                .hasMessageContaining("gpt-4o-mini")
                .hasMessageContaining(recordingOf(request).toString())
                .hasMessageContaining("-Dprompt.experiment.cache.mode=record")
                .hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void autoReplaysWhatIsRecordedAndRecordsTheRest() throws Exception {
        ModelRequest recorded = request("What is Kafka?");
        ModelRequest missing = request("What is Flink?");
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(recorded);
        FakeModel model = new FakeModel();
        RecordReplayCaller auto = new RecordReplayCaller(model, CacheMode.AUTO, recordings);

        ModelResponse replayed = auto.call(recorded);
        ModelResponse called = auto.call(missing);

        assertThat(replayed.replayed()).isTrue();
        assertThat(called.replayed()).isFalse();
        assertThat(called.text()).isEqualTo("answer to What is Flink?");
        assertThat(model.calls).containsExactly(missing);
        assertThat(files()).containsExactlyInAnyOrder(recordingOf(recorded), recordingOf(missing));
    }

    @Test
    void autoReplaysWhatItJustRecorded() throws Exception {
        FakeModel model = new FakeModel();
        RecordReplayCaller auto = new RecordReplayCaller(model, CacheMode.AUTO, recordings);
        ModelRequest request = request("What is Kafka?");

        auto.call(request);
        ModelResponse second = auto.call(request);

        assertThat(model.calls).hasSize(1);
        assertThat(second.replayed()).isTrue();
    }

    @Test
    void offCallsTheModelAndWritesNothing() throws Exception {
        ModelRequest request = request("What is Kafka?");
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(request);
        String before = Files.readString(recordingOf(request));
        FakeModel model = new FakeModel();

        ModelResponse response = new RecordReplayCaller(model, CacheMode.OFF, recordings).call(request("What is Flink?"));
        ModelResponse again = new RecordReplayCaller(model, CacheMode.OFF, recordings).call(request);

        assertThat(response.replayed()).isFalse();
        assertThat(again.replayed()).isFalse();
        assertThat(model.calls).hasSize(2);
        assertThat(files()).containsExactly(recordingOf(request));
        assertThat(Files.readString(recordingOf(request))).isEqualTo(before);
    }

    @Test
    void offCreatesNoRecordingsFolder() throws Exception {
        Path folder = recordings.resolve("not-yet");

        new RecordReplayCaller(new FakeModel(), CacheMode.OFF, folder).call(request("What is Kafka?"));

        assertThat(folder).doesNotExist();
    }

    @Test
    void recordCreatesTheRecordingsFolder() throws Exception {
        Path folder = recordings.resolve("prep_generate").resolve("prepGenerate");
        ModelRequest request = request("What is Kafka?");

        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, folder).call(request);

        assertThat(folder.resolve(request.key().substring(0, 16) + ".json")).isRegularFile();
    }

    @Test
    void replayRejectsARecordingOfAnotherRequest() throws Exception {
        ModelRequest recorded = request("What is Kafka?");
        ModelRequest asked = request("What is Flink?");
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(recorded);
        Files.move(recordingOf(recorded), recordingOf(asked));

        assertThatThrownBy(() -> new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(asked))
                .isInstanceOf(RecordReplayCaller.MissingRecordingException.class)
                .hasMessageStartingWith(recordingOf(asked) + " records another request")
                .hasMessageContaining(recorded.key())
                .hasMessageContaining(asked.key())
                .hasMessageEndingWith("delete it and record again");
    }

    @Test
    void replayOfACorruptRecordingNamesTheFile() throws Exception {
        ModelRequest request = request("What is Kafka?");
        Files.writeString(recordingOf(request), "<<<<<<< HEAD\n{\"key\": \"x\"}\n=======\n");

        assertThatThrownBy(() -> new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(request))
                .hasMessageContaining(recordingOf(request).getFileName().toString());
    }

    @Test
    void replaysAnAnswerWithoutTextAsItWasAnsweredLive() throws Exception {
        ModelCaller noText = request -> new ModelResponse(null, "gpt-4o-mini", Usage.NONE, "STOP", Duration.ZERO, false);
        ModelRequest request = request("What is Kafka?");
        ModelResponse live = new RecordReplayCaller(noText, CacheMode.RECORD, recordings).call(request);

        ModelResponse replayed = new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(request);

        assertThat(replayed.text()).isEqualTo(live.text());
    }

    @Test
    void aMissingRecordingNamesTheClosestOneAndWhereThePromptChanged() throws Exception {
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(request("What is Kafka? Answer briefly."));
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(request("Who wrote Hamlet?"));
        ModelRequest edited = request("What is Kafka? Answer in one line.");

        assertThatThrownBy(() -> new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(edited))
                .isInstanceOf(RecordReplayCaller.MissingRecordingException.class)
                .hasMessageContaining("closest recording " + recordingOf(request("What is Kafka? Answer briefly."))
                        .getFileName() + " differs in messages[0].content at character 23")
                .hasMessageContaining("recorded \"…a? Answer briefly.\", now \"…a? Answer in one line.\"");
    }

    @Test
    void aMissingRecordingThatDiffersInAParameterSaysWhichOne() throws Exception {
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(request("What is Kafka?"));
        ModelRequest warmer = new ModelRequest("openai", "gpt-4o-mini", Map.of("temperature", 0.7, "max_tokens", 50),
                List.of(new PromptMessage("user", "What is Kafka?")));

        assertThatThrownBy(() -> new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(warmer))
                .hasMessageContaining("differs in parameters: recorded {\"max_tokens\":50,\"temperature\":0.2}");
    }

    @Test
    void aCallMadeForAnItemIsRecordedUnderTheItemsIdAndAnOldUnlabelledRecordingStillReplaysThenMoves() throws Exception {
        ModelRequest plain = request("What is Kafka?");
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(plain);
        ModelRequest forItem = plain.withLabel("case-003 [2]");

        ModelResponse replayed = new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(forItem);
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(forItem);

        assertThat(replayed.replayed()).isTrue();
        assertThat(files()).extracting(path -> path.getFileName().toString())
                .containsExactly("case-003_2_." + plain.key().substring(0, 16) + ".json");
    }

    @Test
    void aRecordingMadeWhenOpenAiWasSpelledOpen_aiStillReplays() throws Exception {
        ModelRequest before = new ModelRequest("open_ai", "gpt-4o-mini", Map.of(), List.of(new PromptMessage("user", "Hi")));
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(before);
        ModelRequest now = new ModelRequest("openai", "gpt-4o-mini", Map.of(), List.of(new PromptMessage("user", "Hi")));

        ModelResponse replayed = new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(now);

        assertThat(replayed.text()).isEqualTo("answer to Hi");
        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(now);
        assertThat(files()).containsExactly(recordingOf(now));
    }

    @Test
    void aReplyThatAsksForToolsIsRecordedWithItsCallsAndReplaysThem() throws Exception {
        List<ToolCall> calls = List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("", "get_time", "{}"));
        ModelCaller model = request -> new ModelResponse("", "gpt-4o-mini", new Usage(9, 4, 13), "TOOL_EXECUTION",
                Duration.ofMillis(5), false).withToolCalls(calls);
        ModelRequest request = request("Weather in Paris?");

        new RecordReplayCaller(model, CacheMode.RECORD, recordings).call(request);
        ModelResponse replayed = new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(request);

        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.toolCalls()).isEqualTo(calls);
        assertThat(JSON.readTree(recordingOf(request).toFile()).path("response").path("tool_calls").get(0)
                .path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void aTextRecordingHasNoToolCallsFieldAndReplaysWithNone() throws Exception {
        ModelRequest request = request("What is Kafka?");

        new RecordReplayCaller(new FakeModel(), CacheMode.RECORD, recordings).call(request);

        // Recordings of text answers look as they did before tool calls were recorded, so committed ones still match.
        assertThat(JSON.readTree(recordingOf(request).toFile()).path("response").has("tool_calls")).isFalse();
        assertThat(new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(request).toolCalls())
                .isEmpty();
    }

    @Test
    void aRequestTheProviderRefusedIsRecordedAsRefusedAndReplaysTheSameFailure() throws Exception {
        ModelCaller refusing = request -> {
            throw new ModelCallFailedException("HTTP 400 Bad Request: Invalid parameter: 'response_format' (not retried)",
                    null, 1, Duration.ofMillis(3), 400);
        };
        ModelRequest request = request("Judge this");

        assertThatThrownBy(() -> new RecordReplayCaller(refusing, CacheMode.AUTO, recordings).call(request))
                .isInstanceOf(ModelCallFailedException.class);
        assertThatThrownBy(() -> new RecordReplayCaller(MUST_NOT_BE_CALLED, CacheMode.REPLAY, recordings).call(request))
                .isInstanceOfSatisfying(ModelCallFailedException.class, replayed -> {
                    assertThat(replayed.statusCode()).hasValue(400);
                    assertThat(replayed.getMessage()).startsWith("HTTP 400 Bad Request: Invalid parameter")
                            .contains("recorded in " + recordingOf(request).getFileName());
                });
    }

    @Test
    void failuresThatAreNotTheRequestsFaultAreNotRecorded() throws Exception {
        ModelCaller limited = request -> {
            throw new ModelCallFailedException("gave up after 6 attempts: HTTP 429", null, 6, Duration.ofSeconds(3), 429);
        };

        assertThatThrownBy(() -> new RecordReplayCaller(limited, CacheMode.AUTO, recordings).call(request("Hi")))
                .isInstanceOf(ModelCallFailedException.class);
        assertThat(files()).isEmpty();
    }
}
