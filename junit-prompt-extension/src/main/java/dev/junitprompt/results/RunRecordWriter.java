package dev.junitprompt.results;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apiguardian.api.API;

/**
 * Writes a run record as the run goes: the header when it opens, a line per item run as it is recorded
 * (flushed, so a killed run keeps every item that finished), the summary when it ends. {@link RunRecord#read}
 * reads it back.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RunRecordWriter implements Closeable {

    private final Path file;
    private final BufferedWriter out;

    private RunRecordWriter(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Creates {@code file} (it must not exist) and writes the run's header. */
    public static RunRecordWriter create(Path file, RunInfo run) throws IOException {
        RunRecordWriter writer = new RunRecordWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE));
        writer.line(RunRecordCodec.encode(run));
        return writer;
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    public synchronized void write(ItemResult result) throws IOException {
        line(RunRecordCodec.encode(result));
    }

    public synchronized void write(ExperimentSummary summary) throws IOException {
        line(RunRecordCodec.encode(summary));
    }

    private void line(String json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
