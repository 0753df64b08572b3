package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

class RecordReplayEmbeddingModelTest {

    @TempDir
    Path recordings;

    /** Embeds a text as its length and its count of 'a', and keeps the batches it was asked. */
    private static final class CountingModel implements EmbeddingModel {

        final List<List<String>> batches = new ArrayList<>();
        final String name;

        CountingModel(String name) {
            this.name = name;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            batches.add(segments.stream().map(TextSegment::text).toList());
            return Response.from(segments.stream().map(segment -> Embedding.from(new float[] {
                    segment.text().length(), segment.text().chars().filter(c -> c == 'a').count() / 3f})).toList());
        }

        @Override
        public String modelName() {
            return name;
        }
    }

    private static final EmbeddingModel OFFLINE = new EmbeddingModel() {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            throw new AssertionError("replay must not call the model, but was asked " + segments);
        }

        @Override
        public String modelName() {
            return "text-embedding-3-small";
        }
    };

    private static List<TextSegment> texts(String... texts) {
        return Stream.of(texts).map(TextSegment::from).toList();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(recordings)) {
            return files.sorted().toList();
        }
    }

    @Test
    void recordsEachTextsVectorAndReplaysItExactlyWithNoModel() throws IOException {
        CountingModel model = new CountingModel("text-embedding-3-small");
        List<Embedding> recorded = new RecordReplayEmbeddingModel(model, CacheMode.RECORD, recordings,
                new RecordingLedger(), "case-001").embedAll(texts("a banana", "an apple")).content();

        List<Embedding> replayed = new RecordReplayEmbeddingModel(OFFLINE, CacheMode.REPLAY, recordings,
                new RecordingLedger(), "case-001").embedAll(texts("a banana", "an apple")).content();

        assertThat(replayed).isEqualTo(recorded);
        assertThat(replayed.get(0).vector()).containsExactly(8f, 4 / 3f);
        assertThat(files()).hasSize(2).allSatisfy(file -> assertThat(file.getFileName().toString())
                .startsWith("case-001.").endsWith(".json"));
        assertThat(Files.readString(files().get(0))).contains("\"model\" : \"text-embedding-3-small\"");
    }

    @Test
    void inAutoModeOnlyTheTextsNotRecordedAreEmbeddedInOneCall() {
        CountingModel model = new CountingModel("text-embedding-3-small");
        new RecordReplayEmbeddingModel(model, CacheMode.AUTO, recordings, new RecordingLedger(), "case-001")
                .embedAll(texts("a banana"));

        new RecordReplayEmbeddingModel(model, CacheMode.AUTO, recordings, new RecordingLedger(), "case-001")
                .embedAll(texts("a banana", "an apple", "a pear"));

        assertThat(model.batches).containsExactly(List.of("a banana"), List.of("an apple", "a pear"));
    }

    @Test
    void theKeyIsTheModelAndTheTextSoAnotherModelIsNotReplayedFromThem() {
        new RecordReplayEmbeddingModel(new CountingModel("text-embedding-3-small"), CacheMode.RECORD, recordings,
                new RecordingLedger(), "case-001").embedAll(texts("a banana"));
        EmbeddingModel larger = new CountingModel("text-embedding-3-large");

        assertThatThrownBy(() -> new RecordReplayEmbeddingModel(larger, CacheMode.REPLAY, recordings,
                new RecordingLedger(), "case-001").embedAll(texts("a banana")))
                .isInstanceOf(RecordReplayCaller.MissingRecordingException.class)
                .hasMessageContaining("No recording of the embedding by 'text-embedding-3-large' of \"a banana\"")
                .hasMessageContaining("=record (or auto");
    }

    @Test
    void offCallsTheModelAndRecordsNothing() throws IOException {
        CountingModel model = new CountingModel("m");

        new RecordReplayEmbeddingModel(model, CacheMode.OFF, recordings, new RecordingLedger(), "x")
                .embedAll(texts("a"));

        assertThat(model.batches).hasSize(1);
        assertThat(Files.exists(recordings) ? files() : List.of()).isEmpty();
    }

    @Test
    void theLedgerKnowsTheRecordingsUsedSoStaleOnesCanBePruned() throws IOException {
        new RecordReplayEmbeddingModel(new CountingModel("text-embedding-3-small"), CacheMode.RECORD, recordings,
                new RecordingLedger(), "x")
                .embedAll(texts("old text", "kept text"));
        RecordingLedger ledger = new RecordingLedger();

        new RecordReplayEmbeddingModel(OFFLINE, CacheMode.AUTO, recordings, ledger, "x").embedAll(texts("kept text"));

        assertThat(ledger.unused().get(recordings.toAbsolutePath().normalize())).hasSize(1);
    }
}
