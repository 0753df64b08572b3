package dev.junitprompt.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.apiguardian.api.API;

import dev.junitprompt.results.Format;
import dev.junitprompt.results.RunOverview;
import dev.junitprompt.results.RunRecord;

/**
 * {@code index.html} of a results folder: every run under {@code <experiment>/<run>/}, newest first, with its
 * pass rate and cost and a link to its report, then the variants' comparisons ({@code <experiment>/comparison-*.html}). Made anew from the run folders each time, so it lists what is
 * there; a folder whose record cannot be read is listed as such.
 *
 * <pre>{@code
 * RunIndex.write(Path.of("target/prompt-experiments"));   // target/prompt-experiments/index.html
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class RunIndex {

    /** The index's file name in the results folder. */
    public static final String FILE_NAME = "index.html";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    /** The start of a variants' comparison page's name; the time it was made follows. */
    public static final String COMPARISON_PREFIX = "comparison-";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private RunIndex() {
    }

    /**
     * One run folder.
     *
     * @param experiment its experiment's folder name
     * @param folder     its own folder name
     * @param overview   what its record says, empty when it cannot be read
     * @param problem    why it cannot be read, empty otherwise
     * @param time       when it started (the folder's last change when its record cannot say)
     * @param report     the report to link to, {@code report.html} or {@code report.md}, empty when it has none
     */
    record Entry(String experiment, String folder, Optional<RunOverview> overview, String problem, Instant time,
            String report) {
    }

    /**
     * One experiment's comparison of its variants, {@code <experiment>/comparison-<time>.html}.
     *
     * @param experiment its experiment's folder name
     * @param file       its file name
     * @param time       when it was made (by its name; the file's last change when its name cannot say)
     */
    record Compared(String experiment, String file, Instant time) {
    }

    /** Writes {@code index.html} in {@code results} (replacing the last one whole) and returns its path. */
    public static Path write(Path results) throws IOException {
        StringWriter page = new StringWriter();
        render(entries(results), comparisons(results), new HtmlWriter(page));
        Path index = results.resolve(FILE_NAME);
        // Runs finishing together each write their own file and swap it in: a reader never sees half of one.
        Path next = Files.createTempFile(results, ".index-", ".html");
        try {
            Files.writeString(next, page.toString(), StandardCharsets.UTF_8);
            Files.move(next, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
        return index;
    }

    /** The run folders under {@code results}, newest first. */
    static List<Entry> entries(Path results) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path experiment : folders(results)) {
            for (Path run : folders(experiment)) {
                entries.add(entry(experiment.getFileName().toString(), run));
            }
        }
        entries.sort(Comparator.comparing(Entry::time).reversed().thenComparing(Entry::experiment));
        return entries;
    }

    /** The variants' comparison pages under {@code results}, newest first. */
    static List<Compared> comparisons(Path results) throws IOException {
        List<Compared> compared = new ArrayList<>();
        for (Path experiment : folders(results)) {
            try (Stream<Path> files = Files.list(experiment)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(COMPARISON_PREFIX) && name.endsWith(".html")) {
                        compared.add(new Compared(experiment.getFileName().toString(), name, madeAt(file)));
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        compared.sort(Comparator.comparing(Compared::time).reversed().thenComparing(Compared::experiment));
        return compared;
    }

    /** When a comparison was made: the time in its name, {@code comparison-20261201T120000Z.html}. */
    private static Instant madeAt(Path file) throws IOException {
        String name = file.getFileName().toString();
        try {
            return FILE_TIME.parse(name.substring(COMPARISON_PREFIX.length(), name.length() - ".html".length()),
                    Instant::from);
        } catch (java.time.format.DateTimeParseException | StringIndexOutOfBoundsException e) {
            return Files.getLastModifiedTime(file).toInstant();
        }
    }

    private static Entry entry(String experiment, Path folder) throws IOException {
        String name = folder.getFileName().toString();
        String report = Files.isRegularFile(folder.resolve(HtmlReport.FILE_NAME)) ? HtmlReport.FILE_NAME
                : Files.isRegularFile(folder.resolve("report.md")) ? "report.md" : "";
        Instant changed = Files.getLastModifiedTime(folder).toInstant();
        Path record = folder.resolve(RunRecord.FILE_NAME);
        if (!Files.isRegularFile(record)) {
            return new Entry(experiment, name, Optional.empty(), "no " + RunRecord.FILE_NAME, changed, report);
        }
        try {
            RunOverview overview = RunOverview.read(record);
            Instant started = overview.run().startedAt();
            return new Entry(experiment, name, Optional.of(overview), "", started.equals(Instant.EPOCH) ? changed
                    : started, report);
        } catch (RuntimeException unreadable) {
            // Never fails the index: the folder is listed with why its record cannot be read.
            return new Entry(experiment, name, Optional.empty(), String.valueOf(unreadable.getMessage()), changed,
                    report);
        }
    }

    /** Folders below {@code parent}, not links ({@code latest}) nor hidden ones. */
    private static List<Path> folders(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(child -> Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS))
                    .filter(child -> !child.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void render(List<Entry> entries, List<Compared> comparisons, HtmlWriter html) {
        HtmlPage.start(html, "Prompt experiment runs", "");
        html.open("header").element("h1", "Prompt experiment runs")
                .element("p", entries.size() + (entries.size() == 1 ? " run" : " runs") + ", newest first", "class",
                        "muted").close("header");
        html.open("table", "id", "runs").open("thead").open("tr").element("th", "started").element("th", "experiment")
                .element("th", "run").element("th", "dataset · target").element("th", "items", "class", "num")
                .element("th", "pass rate", "class", "num").element("th", "failed / errored", "class", "num")
                .element("th", "thresholds").element("th", "cost", "class", "num").element("th", "report")
                .close("tr").close("thead").open("tbody");
        for (Entry entry : entries) {
            html.open("tr").element("td", TIME.format(entry.time()), "class", "mono")
                    .element("td", entry.overview().map(o -> o.run().experiment()).orElse(entry.experiment()))
                    .element("td", entry.folder(), "class", "mono");
            if (entry.overview().isEmpty()) {
                html.element("td", "cannot read " + RunRecord.FILE_NAME + ": " + entry.problem(), "class", "errored",
                        "colspan", "6");
            } else {
                RunOverview overview = entry.overview().get();
                html.element("td", overview.run().dataset() + " · " + overview.run().target());
                overview.figures().ifPresentOrElse(figures -> {
                    long held = figures.thresholds().stream().filter(line -> line.startsWith("✓")).count();
                    long missed = figures.thresholds().stream().filter(line -> line.startsWith("✗")).count();
                    html.element("td", figures.runs() > figures.items() ? figures.items() + " (" + figures.runs()
                                    + " runs)" : String.valueOf(figures.items()), "class", "num")
                            .element("td", Format.percent(figures.passRate()), "class", "num status "
                                    + (figures.failed() + figures.errored() == 0 ? "passed" : "failed"))
                            .element("td", figures.failed() + " / " + figures.errored(), "class", "num")
                            .element("td", figures.thresholds().isEmpty() ? "–" : (missed == 0 ? "✓ " : "✗ ") + held
                                    + " held, " + missed + " missed", "class", missed == 0 ? "pass" : "fail")
                            .element("td", String.format(Locale.ROOT, "$%.4f", figures.cost()), "class", "num");
                }, () -> html.element("td", "no summary: the run was interrupted, or is still running", "class",
                        "inconclusive", "colspan", "5"));
            }
            html.open("td");
            if (!entry.report().isEmpty()) {
                html.element("a", entry.report(), "href", segment(entry.experiment()) + "/" + segment(entry.folder())
                        + "/" + entry.report());
            }
            html.close("td").close("tr");
        }
        html.close("tbody").close("table");
        if (!comparisons.isEmpty()) {
            html.element("h2", "Variants compared").open("table", "id", "comparisons").open("thead").open("tr")
                    .element("th", "made").element("th", "experiment").element("th", "comparison").close("tr")
                    .close("thead").open("tbody");
            for (Compared compared : comparisons) {
                html.open("tr").element("td", TIME.format(compared.time()), "class", "mono")
                        .element("td", compared.experiment()).open("td")
                        .element("a", compared.file(), "href", segment(compared.experiment()) + "/"
                                + segment(compared.file())).close("td").close("tr");
            }
            html.close("tbody").close("table");
        }
        HtmlPage.end(html, "");
    }

    /** A folder name as one segment of a relative URL: anything but letters, digits and {@code -._~} encoded. */
    static String segment(String name) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
