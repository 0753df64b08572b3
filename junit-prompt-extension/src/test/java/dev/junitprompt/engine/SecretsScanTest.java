package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.junitprompt.backend.langfuse.FakeLangfuseAccess;
import dev.junitprompt.backend.langsmith.FakeLangSmithAccess;
import dev.junitprompt.engine.fixtures.ExampleServiceExperiments;
import dev.junitprompt.engine.fixtures.ExampleSuiteExperiments;
import dev.junitprompt.report.GitHubStepSummary;
import dev.junitprompt.testing.HeaderEcho;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * No key reaches anything a run leaves behind: the example suite's experiments run against a fake OpenAI, Langfuse and
 * LangSmith with fake keys — healthy, then with every server refusing and echoing the request's headers (keys and all)
 * in its error body, at the start and in the middle of the run — and every file written under the run's folders
 * (records, reports, index, recordings, baselines, the GitHub step summary), everything printed to System.out and
 * System.err, everything logged through java.util.logging (OkHttp's and OpenTelemetry's loggers included, at every
 * level) and every test result and report entry JUnit was given is searched for each key, the Basic credentials and
 * their base64 forms.
 */
class SecretsScanTest {

    private static final String OPENAI_KEY = "sk-proj-fake-openai-7c4e9a1b2d3f4e5a6b7c8d9e";
    /** A reply both the targets' JSON and the judge can read. */
    private static final String REPLY = """
            {"role":"Backend Engineer","seniority":"senior","weeks":1,"steps":[{"week":1,"title":"t","activities":["a"]}],\
            "key_topics":["a","b","c","d"],"follow_up_question":"Why?","reasoning":"fine","verdict":4}""";

    @TempDir
    Path work;

    private FakeLangfuseAccess langfuse;
    private FakeLangSmithAccess langsmith;
    private MockWebServer openai;
    /** While set, every OpenAI call is refused with its headers echoed. */
    private final AtomicBoolean openaiRefuses = new AtomicBoolean();

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final List<String> logged = new ArrayList<>();
    private PrintStream out;
    private PrintStream err;
    private Level rootLevel;
    private final Handler logHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(record.getLoggerName() + " " + record.getMessage());
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                text.append(' ').append(stackTrace(record.getThrown()));
            }
            synchronized (logged) {
                logged.add(text.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws IOException {
        langfuse = FakeLangfuseAccess.start(true);
        langsmith = FakeLangSmithAccess.start();
        openai = new MockWebServer();
        openai.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (openaiRefuses.get()) {
                    return HeaderEcho.reply(401, request, "error.message");
                }
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").body("""
                        {"id":"chatcmpl-1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini",
                         "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":900,"completion_tokens":40,"total_tokens":940}}"""
                        .formatted(com.fasterxml.jackson.databind.node.TextNode.valueOf(REPLY).toString())).build();
            }
        });
        openai.start();
        ExampleServiceExperiments.baseUrl = openai.url("/v1").toString();
        ExampleServiceExperiments.apiKey = OPENAI_KEY;

        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(logHandler);
        logHandler.setLevel(Level.ALL);
    }

    @AfterEach
    void stop() {
        System.setOut(out);
        System.setErr(err);
        Logger root = Logger.getLogger("");
        root.removeHandler(logHandler);
        root.setLevel(rootLevel);
        langfuse.close();
        langsmith.close();
        openai.close();
    }

    @Test
    void noKeyReachesAFileTheConsoleTheLogsOrJUnitWhetherTheServersAnswerOrEchoTheKeysBack() throws IOException {
        List<String> junit = new ArrayList<>();

        // Healthy: every backend records the run, the model calls are recorded.
        EngineExecutionResults healthy = run(1);
        assertThat(healthy.testEvents().started().count()).isGreaterThan(10);
        assertThat(langfuse.scoreCount()).isPositive();
        assertThat(openai.getRequestCount()).isPositive();
        junit.addAll(texts(healthy));

        // At the start: every server refuses the run's first requests, echoing their headers.
        // Each refuses once: a refused key is not asked again (nor are these faults left for the next run).
        langfuse.echoHeadersNext("/api/public/health", 1, 401);
        langsmith.echoHeadersNext(null, 1, 403);
        openaiRefuses.set(true);
        junit.addAll(texts(run(2)));

        // In the middle: the run starts, then whatever the backends are sent next is refused, the keys echoed.
        openaiRefuses.set(false);
        for (String path : List.of("/api/public/ingestion", "/api/public/otel/v1/traces", "/api/public/dataset-run-items",
                "/api/public/scores")) {
            langfuse.echoHeadersNext(path, 200, 500);
        }
        for (String path : List.of("/runs/batch", "/runs/multipart", "/feedback", "/runs")) {
            langsmith.echoHeadersNext(path, 200, 500);
        }
        junit.addAll(texts(run(3)));

        assertThat(console.toString(StandardCharsets.UTF_8)).as("the runs printed what they did")
                .contains("[prompt-experiment]");
        assertThat(writtenFiles()).as("the runs wrote records, reports and recordings")
                .anySatisfy(file -> assertThat(file.toString()).endsWith("results.jsonl"))
                .anySatisfy(file -> assertThat(file.toString()).endsWith("report.html"))
                .anySatisfy(file -> assertThat(file.toString()).contains("recordings"));
        // The servers did echo the keys: the scan below looks for something that was really sent back. The engine's own
        // clients redact their keys; the user's (the @PromptModel's LangChain4j client) is redacted by the engine.
        assertThat(String.join("\n", junit) + console.toString(StandardCharsets.UTF_8))
                .contains("Authorization: [redacted]", "x-api-key: [redacted]", "Authorization: Bearer [redacted]");

        Map<String, String> places = new LinkedHashMap<>();
        for (Path file : writtenFiles()) {
            places.put(work.relativize(file).toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
        places.put("System.out and System.err", console.toString(StandardCharsets.UTF_8));
        synchronized (logged) {
            places.put("java.util.logging (" + logged.size() + " records)", String.join("\n", logged));
        }
        places.put("JUnit results and report entries", String.join("\n", junit));

        List<String> leaks = new ArrayList<>();
        Map<String, String> forms = secretForms();
        places.forEach((place, text) -> forms.forEach((form, what) -> {
            if (text.contains(form)) {
                int at = text.indexOf(form);
                leaks.add(place + " holds " + what + ": …" + text.substring(Math.max(0, at - 80), at).replace("\n", "⏎")
                        + "«" + form + "»");
            }
        }));
        assertThat(leaks).as("secrets in what the runs left behind").isEmpty();
    }

    @Test
    void noKeyReachesTheOutputOfTheSyncCommandsWhenTheServersEchoTheKeysBack() {
        Map<String, String> environment = new HashMap<>(langfuse.environment());
        environment.putAll(langsmith.environment());
        List<String> printed = new ArrayList<>();
        List<List<String>> commands = List.of(List.of("push-prompts", "--targets", "../targets"),
                List.of("push-datasets", "--datasets", "../datasets"),
                List.of("push-datasets", "--to", "langsmith", "--datasets", "../datasets"),
                List.of("pull-prompt", "prep_generate", "--targets", work.resolve("pulled").toString()),
                List.of("migrate-dataset", "--from", "langsmith", "--to", "langfuse", "prep_generate"));
        for (int status : new int[] {401, 500}) {
            for (List<String> command : commands) {
                for (String path : List.of("/api/public/v2/prompts", "/api/public/v2/datasets", "/api/public/datasets",
                        "/api/public/dataset-items", "/api/public/health", "/api/public/projects")) {
                    langfuse.echoHeadersNext(path, 1, status);
                }
                langsmith.echoHeadersNext(null, 1, status);
                ByteArrayOutputStream commandOut = new ByteArrayOutputStream();
                ByteArrayOutputStream commandErr = new ByteArrayOutputStream();
                int code = dev.junitprompt.sync.SyncCli.run(command.toArray(String[]::new), environment,
                        new PrintStream(commandOut, true, StandardCharsets.UTF_8),
                        new PrintStream(commandErr, true, StandardCharsets.UTF_8));
                printed.add(command + " exit " + code + ": " + commandOut.toString(StandardCharsets.UTF_8)
                        + commandErr.toString(StandardCharsets.UTF_8));
            }
        }
        assertThat(printed).as("the commands failed on the echoes").anySatisfy(line -> assertThat(line)
                .contains("exit 1", "[redacted]"));
        String all = String.join("\n", printed) + console.toString(StandardCharsets.UTF_8) + String.join("\n", logged);
        assertThat(secretForms().keySet()).allSatisfy(form -> assertThat(all).doesNotContain(form));
    }

    /** Run {@code number} of the test, recording its model calls afresh (record mode replays what it has). */
    private EngineExecutionResults run(int number) {
        Map<String, String> environment = new HashMap<>();
        environment.putAll(langfuse.environment());
        environment.putAll(langsmith.environment());
        environment.put("OPENAI_API_KEY", OPENAI_KEY);
        environment.put("OPENAI_BASE_URL", openai.url("/v1").toString());
        environment.put(GitHubStepSummary.VARIABLE, work.resolve("step-summary.md").toString());
        return EngineTestKit.engine(new PromptExperimentTestEngine(environment))
                .configurationParameter("prompt.experiment.datasets.dir", "../datasets")
                .configurationParameter("prompt.experiment.targets.dir", "../targets")
                .configurationParameter("prompt.experiment.results.dir", work.resolve("results").toString())
                .configurationParameter("prompt.experiment.recordings.dir", work.resolve("recordings-" + number).toString())
                .configurationParameter("prompt.experiment.baselines.dir", work.resolve("baselines").toString())
                .configurationParameter("prompt.experiment.baseline.update", "true")
                .configurationParameter("prompt.experiment.cache.mode", "record")
                .configurationParameter("prompt.experiment.judge.model", "gpt-4o-mini")
                .configurationParameter("prompt.experiment.backends", "local,langfuse,langsmith")
                .configurationParameter("prompt.experiment.retry.max-attempts", "2")
                .configurationParameter("prompt.experiment.retry.initial-backoff-ms", "1")
                .configurationParameter("prompt.experiment.retry.max-backoff-ms", "1")
                .selectors(selectClass(ExampleSuiteExperiments.class), selectClass(ExampleServiceExperiments.class))
                .execute();
    }

    /** Every file under the work folder: what the runs wrote (the servers keep theirs in memory). */
    private List<Path> writtenFiles() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** What JUnit was told: each result's exception with its causes and stack, each report and file entry. */
    private static List<String> texts(EngineExecutionResults results) {
        List<String> texts = new ArrayList<>();
        for (Event event : results.allEvents().list()) {
            event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                    .ifPresent(thrown -> texts.add(stackTrace(thrown)));
            event.getPayload(ReportEntry.class).ifPresent(entry -> texts.add(entry.getKeyValuePairs().toString()));
            texts.add(event.getTestDescriptor().getDisplayName());
        }
        return texts;
    }

    /** Each secret and its encodings, to what it is. */
    private Map<String, String> secretForms() {
        Map<String, String> env = new HashMap<>(langfuse.environment());
        env.putAll(langsmith.environment());
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put(env.get("LANGFUSE_SECRET_KEY"), "the Langfuse secret key");
        secrets.put(env.get("LANGFUSE_PUBLIC_KEY") + ":" + env.get("LANGFUSE_SECRET_KEY"), "the Langfuse Basic credentials");
        secrets.put(env.get("LANGSMITH_API_KEY"), "the LangSmith API key");
        secrets.put(OPENAI_KEY, "the OpenAI key");
        Map<String, String> forms = new LinkedHashMap<>();
        secrets.forEach((secret, what) -> encodings(secret).forEach(form -> forms.putIfAbsent(form, what
                + (form.equals(secret) ? "" : " in base64"))));
        return forms;
    }

    /**
     * The secret and its base64 forms (standard and URL-safe): the whole encoding, and wherever it starts within a
     * longer encoded text (three alignments) the characters that depend on the secret's bytes alone.
     */
    static Set<String> encodings(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            forms.add(encoder.encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            for (int offset = 0; offset < 3; offset++) {
                String encoded = encoder.withoutPadding()
                        .encodeToString(("xx".substring(0, offset) + secret).getBytes(StandardCharsets.UTF_8));
                // The first group mixes in the bytes before the secret, the last may hold a partial one.
                String core = encoded.substring(offset == 0 ? 0 : 4, encoded.length() - 4);
                assertThat(core).as("a long enough secret").hasSizeGreaterThan(12);
                forms.add(core);
            }
        }
        return forms;
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Writes to {@code target} and keeps a copy in {@link #console}. */
    private OutputStream tee(OutputStream target) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                target.write(bytes, offset, length);
                synchronized (console) {
                    console.write(bytes, offset, length);
                }
            }
        };
    }
}
