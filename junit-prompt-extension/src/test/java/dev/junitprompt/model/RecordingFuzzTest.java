package dev.junitprompt.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.testing.Fuzz;
import dev.junitprompt.testing.Generator;

/**
 * Any recording replays, or fails naming its file and saying to record again; a folder of broken recordings never
 * spoils the message of a call that has none (see {@link Fuzz}).
 */
class RecordingFuzzTest {

    private static final List<String> FIELDS = List.of("key", "request", "response", "provider", "model",
            "parameters", "messages", "role", "content", "repetition", "label", "text", "finish_reason", "latency_ms",
            "usage", "input_tokens", "output_tokens", "total_tokens", "temperature");
    private static final ModelRequest REQUEST = new ModelRequest("openai", "gpt-4o-mini", Map.of("temperature", 0.2),
            List.of(new PromptMessage("system", "Be brief."), new PromptMessage("user", "Plan 4 weeks")));
    private static final ModelRequest UNRECORDED = new ModelRequest("openai", "gpt-4o-mini", Map.of(),
            List.of(new PromptMessage("user", "Never asked")));
    private static final ModelCaller NO_MODEL = request -> {
        throw new AssertionError("replay called the model");
    };

    private final Path folder = Fuzz.folder("recordings");
    private final Generator<byte[]> recordings = Fuzz.files(List.of(recordOnce()), FIELDS);

    /** A real recording, as record mode writes it. */
    private String recordOnce() {
        Path seedFolder = Fuzz.folder("recordings-seed");
        try {
            new RecordReplayCaller(request -> new ModelResponse("{\"weeks\": 4}", "gpt-4o-mini-2024-07-18",
                    new Usage(12, 5, 17), "STOP", Duration.ofMillis(812), false), CacheMode.RECORD, seedFolder)
                    .call(REQUEST);
            try (var files = Files.list(seedFolder)) {
                return Files.readString(files.filter(file -> file.toString().endsWith(".json")).findFirst()
                        .orElseThrow());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anyRecordingOfTheCall() {
        Path recording = folder.resolve(REQUEST.key().substring(0, 16) + ".json");
        Fuzz.forAll(recordings, file -> {
            Fuzz.write(recording, file);
            Fuzz.holdsContract(recording.getFileName().toString(),
                    () -> new RecordReplayCaller(NO_MODEL, CacheMode.REPLAY, folder).call(REQUEST),
                    RecordReplayCaller.MissingRecordingException.class);
        });
    }

    @Test
    void anyRecordingBesideACallThatHasNone() {
        Fuzz.forAll(recordings, file -> {
            Fuzz.write(folder.resolve("case-001.0123456789abcdef.json"), file);
            Fuzz.holdsContract("No recording of this call", () -> new RecordReplayCaller(NO_MODEL, CacheMode.REPLAY,
                    folder).call(UNRECORDED.withLabel("case-001")), RecordReplayCaller.MissingRecordingException.class);
        });
    }
}
