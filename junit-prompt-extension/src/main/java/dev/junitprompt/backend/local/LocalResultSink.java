package dev.junitprompt.backend.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.Score;
import dev.junitprompt.backend.ResultSink;
import dev.junitprompt.backend.RunInfo;
import dev.junitprompt.report.ExperimentSummary;
import dev.junitprompt.report.ItemResult;
import dev.junitprompt.report.MarkdownReport;

/**
 * Writes {@code <dir>/<experiment>/<run>/results.jsonl} (one line per item, written as the item
 * finishes, so a crash keeps what ran) and {@code report.md} at the end of the run.
 */
public final class LocalResultSink implements ResultSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    public LocalResultSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Recorder open(RunInfo run) throws IOException {
        Path folder = createRunFolder(directory.resolve(safe(run.experiment())), run.runId());
        BufferedWriter results = Files.newBufferedWriter(folder.resolve("results.jsonl"), StandardCharsets.UTF_8);
        return new Recorder() {
            @Override
            public synchronized void record(ItemResult result) throws IOException {
                results.write(JSON.writeValueAsString(line(run, result)));
                results.newLine();
                results.flush();
            }

            @Override
            public synchronized void close() {
                try {
                    results.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("Cannot close " + folder.resolve("results.jsonl"), e);
                }
            }

            @Override
            public synchronized String finish(ExperimentSummary summary) throws IOException {
                results.close();
                Path report = folder.resolve("report.md");
                Files.writeString(report, MarkdownReport.render(run, summary));
                return report.toString();
            }
        };
    }

    /** A fresh folder per run: two runs in the same second get {@code <id>-2}, {@code <id>-3}… */
    private static Path createRunFolder(Path parent, String runId) throws IOException {
        Files.createDirectories(parent);
        for (int attempt = 1; ; attempt++) {
            Path folder = parent.resolve(attempt == 1 ? runId : runId + "-" + attempt);
            try {
                return Files.createDirectory(folder);
            } catch (FileAlreadyExistsException e) {
                // another run took it; try the next suffix
            }
        }
    }

    private static ObjectNode line(RunInfo run, ItemResult result) {
        ObjectNode line = JSON.createObjectNode();
        line.put("experiment", run.experiment());
        line.put("run", run.runId());
        line.put("dataset", run.dataset());
        line.put("target", run.target());
        line.put("item", result.item().id());
        line.put("repetition", result.repetition());
        line.put("description", result.item().description());
        line.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
        line.set("input", result.item().inputs());
        line.set("expected", result.item().expected());
        line.put("output", result.output());
        ObjectNode scores = line.putObject("scores");
        for (Score score : result.scores()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("type", score.type().name().toLowerCase(java.util.Locale.ROOT));
            value.put("value", score.isNumeric() ? score.value() : score.category());
            value.put("comment", score.comment());
            if (!score.metadata().isEmpty()) {
                value.put("metadata", score.metadata());
            }
            scores.set(score.name(), JSON.valueToTree(value));
        }
        line.set("failures", JSON.valueToTree(result.failures()));
        if (!result.error().isEmpty()) {
            line.put("error", result.error());
        }
        line.put("latency_ms", result.latency().toMillis());
        line.put("model", result.model());
        if (result.costKnown()) {
            line.put("cost", result.cost());
        } else {
            line.putNull("cost");
        }
        ObjectNode usage = line.putObject("usage");
        usage.put("input_tokens", result.usage().inputTokens());
        usage.put("output_tokens", result.usage().outputTokens());
        usage.put("total_tokens", result.usage().totalTokens());
        return line;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
