package dev.junitprompt.results;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a run owes its remote backends, in its run folder ({@code spool.jsonl}): every item run is written here
 * before any backend is sent it, and each backend's progress is marked as the backend acknowledges it. A run
 * killed, cut off by a backend's time budget or failed mid-way thus loses nothing: {@link #pending} tells what
 * each backend still lacks, and {@code upload-spool <run folder>} sends it (the sinks' ids are derived from the
 * run and the item, so what a backend already had is overwritten, not copied). When every backend has the whole
 * run the file is deleted.
 *
 * <p>The lines, JSON each: the run's header and its item runs as in the {@linkplain RunRecord run record}; a
 * {@code spool} line naming the backends the run is owed to; {@code delivered} lines ({@code backend}, and
 * {@code through}: how many of the item lines it has); the run's {@code summary} when it ended; a
 * {@code finished} line per backend that recorded the run's end.
 */
@API(status = API.Status.INTERNAL)
public final class Spool implements Closeable {

    /** The file name of a spool in its run folder. */
    public static final String FILE_NAME = "spool.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private final Set<String> backends;
    private final Map<String, Integer> delivered = new LinkedHashMap<>();
    private final Set<String> finished = new LinkedHashSet<>();
    private int items;

    private Spool(Path file, BufferedWriter out, Set<String> backends, int items) {
        this.file = file;
        this.out = out;
        this.backends = backends;
        this.items = items;
    }

    /**
     * Starts the spool of a run owed to {@code backends}; the run folder is created when missing.
     *
     * @throws IOException when the file exists (a run has one spool) or cannot be written
     */
    public static Spool create(Path file, RunInfo run, List<String> backends) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Spool spool = new Spool(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), new LinkedHashSet<>(backends), 0);
        spool.line(RunRecordCodec.encode(run));
        ObjectNode line = JSON.createObjectNode().put("type", "spool");
        backends.forEach(line.putArray("backends")::add);
        spool.line(line.toString());
        return spool;
    }

    /** Opens a spool written before to mark what is delivered from it now ({@code upload-spool}). */
    public static Spool reopen(Pending pending) throws IOException {
        cutAfterLastLine(pending.file());
        Spool spool = new Spool(pending.file(), Files.newBufferedWriter(pending.file(), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND), new LinkedHashSet<>(pending.backends()), pending.results().size());
        spool.delivered.putAll(pending.delivered);
        spool.finished.addAll(pending.finished);
        return spool;
    }

    /**
     * Cuts a line a kill left half-written off the end, so what is appended after it stands on lines of its own: the
     * reader skips a last line that is no JSON, but not one in the middle.
     */
    private static void cutAfterLastLine(Path file) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = channel.size();
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            channel.truncate(end);
        }
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** Spools an item run; returns its place, the count {@link #delivered} takes. */
    public synchronized int add(ItemResult result) throws IOException {
        line(RunRecordCodec.encode(result));
        return ++items;
    }

    /** Keeps the run's summary, which a later upload finishes the backends' record with. */
    public synchronized void add(ExperimentSummary summary) throws IOException {
        line(RunRecordCodec.encode(summary));
    }

    /** {@code backend} has the first {@code through} item runs. */
    public synchronized void delivered(String backend, int through) throws IOException {
        if (through > delivered.getOrDefault(backend, 0)) {
            delivered.put(backend, through);
            line(JSON.createObjectNode().put("type", "delivered").put("backend", backend).put("through", through)
                    .toString());
        }
    }

    /** {@code backend} recorded the run's end. */
    public synchronized void finished(String backend) throws IOException {
        if (finished.add(backend)) {
            line(JSON.createObjectNode().put("type", "finished").put("backend", backend).toString());
        }
    }

    /** The backends the run is owed to. */
    public List<String> backends() {
        return List.copyOf(backends);
    }

    /** Whether {@code backend} recorded the run's end. */
    public synchronized boolean hasFinished(String backend) {
        return finished.contains(backend);
    }

    /** How many item runs {@code backend} lacks. */
    public synchronized int undelivered(String backend) {
        return items - delivered.getOrDefault(backend, 0);
    }

    /** Whether every backend has every item run and the run's end. */
    public synchronized boolean complete() {
        return backends.stream().allMatch(backend -> finished.contains(backend) && undelivered(backend) == 0);
    }

    /**
     * Sends what {@code sink}'s backend lacks of the run, through a recorder opened anew on it, then the run's end,
     * marking each step here. A run that ended before its summary was written is finished with one computed from
     * its item runs, saying so.
     *
     * @return the sink's link to the run
     * @throws Exception what the sink threw; what it did not take stays spooled
     */
    public String deliver(ResultSink sink) throws Exception {
        Pending pending = read(file);
        String backend = sink.name();
        ExperimentSummary summary = pending.summary().orElseGet(() -> ExperimentSummary
                .builder(pending.run().experiment()).results(pending.results())
                .notes(List.of("sent from the spool of a run that stopped before its end: these are the "
                        + pending.results().size() + " item runs it recorded"))
                .build());
        ResultSink.Recorder recorder = sink.open(pending.run());
        try {
            // Whole, from the file, one at a time: the pending results are compact, and a run's may be many.
            int skip = Math.min(pending.results().size(), pending.delivered().getOrDefault(backend, 0));
            try (java.io.BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                int seen = 0;
                int number = 0;
                for (String line = lines.readLine(); line != null && seen < pending.results().size();
                        line = lines.readLine()) {
                    number++;
                    if (!line.startsWith("{\"type\":\"item\"")) {
                        continue;
                    }
                    if (++seen > skip) {
                        recorder.record(((RunRecordCodec.ItemLine) RunRecordCodec.decode(line, file + " line "
                                + number)).result());
                    }
                }
            }
            recorder.flush();
            delivered(backend, pending.results().size());
            String link = recorder.finish(summary);
            finished(backend);
            return link;
        } finally {
            recorder.close();
        }
    }

    /** Closes the file of a run that did not start: deleted when it holds no item run, as nothing is owed then. */
    public synchronized void abandon() throws IOException {
        out.close();
        if (items == 0) {
            Files.deleteIfExists(file);
        }
    }

    /** Closes the file; deletes it when every backend has the whole run. */
    @Override
    public synchronized void close() throws IOException {
        out.close();
        if (complete()) {
            Files.deleteIfExists(file);
        }
    }

    private void line(String json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
    }

    /**
     * Reads a spool: what each of its backends still lacks.
     *
     * @param file the spool, or the run folder holding it
     * @throws RunRecordException naming the file and line when it is not a spool
     */
    public static Pending read(Path file) {
        Path spool = Files.isDirectory(file) ? file.resolve(FILE_NAME) : file;
        RunRecordCodec.Header header = null;
        RunRecordCodec.SummaryLine summaryLine = null;
        // Kept compact (no rendered prompt, no trace): a run's whole spool is read, and only what a summary needs stays.
        List<ItemResult> results = new ArrayList<>();
        List<String> backends = new ArrayList<>();
        Map<String, Integer> delivered = new LinkedHashMap<>();
        Set<String> finished = new LinkedHashSet<>();
        try (java.io.BufferedReader reader = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(), next; line != null; line = next) {
                next = reader.readLine();
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = spool + " line " + number;
                JsonNode json;
                try {
                    json = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    if (next == null) {
                        // The last line cut short by a kill: everything before it stands.
                        continue;
                    }
                    throw new RunRecordException(where + " is not JSON: " + e.getOriginalMessage(), e);
                }
                switch (json.path("type").asText()) {
                    case "spool" -> json.path("backends").forEach(name -> backends.add(name.asText()));
                    case "delivered" -> delivered.merge(json.path("backend").asText(), json.path("through").asInt(),
                            Math::max);
                    case "finished" -> finished.add(json.path("backend").asText());
                    default -> {
                        RunRecordCodec.Line parsed = RunRecordCodec.decode(line, where);
                        if (parsed instanceof RunRecordCodec.Header found) {
                            header = found;
                        } else if (parsed instanceof RunRecordCodec.ItemLine item) {
                            results.add(item.result().compact());
                        } else if (parsed instanceof RunRecordCodec.SummaryLine found) {
                            summaryLine = found;
                        }
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RunRecordException(spool + " does not exist: " + (Files.isDirectory(file)
                    ? "the run in " + file + " owes its backends nothing (a spool is deleted once they have it all)"
                    : "give a run folder, or the spool.jsonl in one"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read spool " + spool + ": " + e.getMessage(), e);
        }
        if (header == null) {
            throw new RunRecordException(spool + " holds no run line: it is not a spool junit-prompt wrote");
        }
        if (backends.isEmpty()) {
            throw new RunRecordException(spool + " names no backend: it is not a spool junit-prompt wrote");
        }
        Map<String, DatasetItem> items = new LinkedHashMap<>();
        results.forEach(result -> items.putIfAbsent(result.item().id(), result.item()));
        String dataset = header.info().dataset();
        RunInfo run = header.withItems(header.itemIds().stream()
                .map(id -> items.getOrDefault(id, new DatasetItem(dataset, id, "", null, null, null))).toList());
        Optional<ExperimentSummary> summary = summaryLine == null ? Optional.empty()
                : Optional.of(summaryLine.summary(run.experiment(), results));
        return new Pending(spool, run, results, summary, List.copyOf(backends), delivered, finished);
    }

    /**
     * What a spool holds.
     *
     * @param file     the spool
     * @param run      the run it belongs to
     * @param results  its item runs, in the order they were spooled
     * @param summary  the run's summary, empty when it ended before one was written (killed)
     * @param backends the backends the run is owed to
     */
    @API(status = API.Status.INTERNAL)
    public record Pending(Path file, RunInfo run, List<ItemResult> results, Optional<ExperimentSummary> summary,
            List<String> backends, Map<String, Integer> delivered, Set<String> finished) {

        public Pending {
            results = List.copyOf(results);
            backends = List.copyOf(backends);
            delivered = Map.copyOf(delivered);
            finished = Set.copyOf(finished);
        }

        /** The item runs {@code backend} lacks. */
        public List<ItemResult> undelivered(String backend) {
            int through = Math.min(results.size(), delivered.getOrDefault(backend, 0));
            return results.subList(through, results.size());
        }

        /** Whether {@code backend} has the whole run, its end included. */
        public boolean complete(String backend) {
            return finished.contains(backend) && undelivered(backend).isEmpty();
        }
    }
}
