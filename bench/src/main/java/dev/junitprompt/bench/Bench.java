package dev.junitprompt.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The benchmark harness: generates datasets, runs them through the real engine via the JUnit
 * Launcher (discovery, model calls, evaluators, local result files), and prints figures against the
 * targets of issue 3. Run it with {@code mvn -B -pl bench -am verify -Pbench -DskipTests}.
 */
public final class Bench {

    private static final String COMPLETION = """
            {"id":"chatcmpl-bench","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"label\\": \\"positive\\", \\"confidence\\": 0.93}"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":120,"completion_tokens":12,"total_tokens":132}}""";

    private static final java.util.concurrent.atomic.AtomicInteger IN_FLIGHT = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger MAX_IN_FLIGHT = new java.util.concurrent.atomic.AtomicInteger();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("junit-prompt-bench");
        try {
            System.out.printf(Locale.ROOT, "junit-prompt benchmark · %d cores · max heap %d MiB · Java %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    System.getProperty("java.version"));
            java.util.List<String> named = java.util.Arrays.stream(args) // one Maven property may hold several
                    .flatMap(arg -> java.util.Arrays.stream(arg.strip().split("\\s+"))).filter(arg -> !arg.isEmpty())
                    .toList();
            if (!named.isEmpty() && named.get(0).equals("process")) {
                WholeProcess.run(work, named.subList(1, named.size()));
                return;
            }
            writeTarget(work);
            java.util.List<String> scenarios = named.isEmpty()
                    ? java.util.List.of("http", "storm", "overhead", "discovery") : named;
            if (scenarios.contains("http")) {
                httpScenario(work);
            }
            if (scenarios.contains("storm")) {
                stormScenario(work);
            }
            if (scenarios.contains("overhead")) {
                overheadScenario(work);
            }
            if (scenarios.contains("discovery")) {
                discoveryScenario(work);
            }
        } finally {
            if (Boolean.getBoolean("bench.keep")) { // to read the children's console logs and run folders
                System.out.println("Kept " + work);
            } else {
                delete(work);
            }
        }
    }

    /** 500 items over HTTP, 200 ms per call, concurrency 16: wall time against the ideal 6.25 s. */
    private static void httpScenario(Path work) throws Exception {
        int items = 500;
        long latencyMillis = 200;
        int concurrency = 16;
        try (MockWebServer server = new MockWebServer()) {
            server.setServerSocketFactory(new NoDelayServerSocketFactory());
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    int now = IN_FLIGHT.incrementAndGet();
                    MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
                    TimeUnit.MILLISECONDS.sleep(latencyMillis); // the provider thinking
                    IN_FLIGHT.decrementAndGet();
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body(COMPLETION).build();
                }
            });
            server.start();
            BenchExperiments.baseUrl = server.url("/v1").toString();
            writeDataset(work, 64, 64);
            run(work, concurrency); // warm-up: class loading, JIT, connections
            writeDataset(work, items, 64);
            int warmUpRequests = server.getRequestCount();
            long cpuBefore = processCpuNanos();
            Run run = run(work, concurrency);
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            System.out.printf(Locale.ROOT, "  model call latency seen by the engine: mean %.1f ms%n", meanLatency(work));
            double ideal = items * latencyMillis / 1000.0 / concurrency;
            System.out.printf(Locale.ROOT, "HTTP: %d items, %d ms per call, concurrency %d: %.2f s wall, ideal %.2f s, "
                            + "ratio %.3f (target ≤ 1.15) · %d requests, at most %d at once · %.2f s CPU (engine, client and server) · %s%n", items, latencyMillis, concurrency,
                    run.seconds(), ideal, run.seconds() / ideal, server.getRequestCount() - warmUpRequests, MAX_IN_FLIGHT.get(), cpuSeconds, run.outcome());
        } finally {
            BenchExperiments.baseUrl = "";
        }
    }

    /**
     * A 429 storm: 300 items at concurrency 64 against a provider that answers 3 calls in 10 with
     * {@code 429, Retry-After: 1} and the rest after 100 ms. What it measures is whether rate-limit
     * handling keeps the calls flowing (each rate-limited call waits its second, the others go on) or
     * collapses to a call or two in flight.
     */
    private static void stormScenario(Path work) throws Exception {
        int items = 300;
        long latencyMillis = 100;
        int concurrency = 64;
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger limited = new java.util.concurrent.atomic.AtomicInteger();
        try (MockWebServer server = new MockWebServer()) {
            server.setServerSocketFactory(new NoDelayServerSocketFactory());
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    if (requests.getAndIncrement() % 10 < 3) {
                        limited.incrementAndGet();
                        return new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
                                .addHeader("Content-Type", "application/json")
                                .body("{\"error\":{\"message\":\"Rate limit reached\"}}").build();
                    }
                    int now = IN_FLIGHT.incrementAndGet();
                    MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
                    TimeUnit.MILLISECONDS.sleep(latencyMillis);
                    IN_FLIGHT.decrementAndGet();
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body(COMPLETION).build();
                }
            });
            server.start();
            BenchExperiments.baseUrl = server.url("/v1").toString();
            writeDataset(work, items, 64);
            PrintStream errors = System.err;
            // Each retry is said on stderr; a storm says it hundreds of times.
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
            Run run;
            try {
                MAX_IN_FLIGHT.set(0);
                run = run(work, concurrency);
            } finally {
                System.setErr(errors);
            }
            double ideal = Math.ceil((double) items / concurrency) * latencyMillis / 1000.0;
            System.out.printf(Locale.ROOT, "Storm: %d items, concurrency %d, 3 in 10 calls 429 (Retry-After: 1), "
                            + "%d ms per answered call: %.2f s wall (ideal without waits %.2f s; one wait of 1 s "
                            + "on top is the floor) · %d requests, %d rate limited, at most %d answered at once · %s%n",
                    items, concurrency, latencyMillis, run.seconds(), ideal, requests.get(), limited.get(),
                    MAX_IN_FLIGHT.get(), run.outcome());
        } finally {
            BenchExperiments.baseUrl = "";
        }
    }

    /** 10,000 items with ~2 KB inputs on an instant model: engine overhead per item, within the heap. */
    private static void overheadScenario(Path work) throws Exception {
        int items = 10_000;
        writeDataset(work, items, 2048);
        run(work, 8); // warm-up: class loading and JIT
        Run run = run(work, 8);
        System.out.printf(Locale.ROOT, "Overhead: %d items (~2 KB inputs), instant model: %.2f s, %.0f items/s, "
                        + "%.3f ms per item (target ≥ 2,000 items/s) · peak heap %d MiB of %d MiB · %s%n", items,
                run.seconds(), items / run.seconds(), run.seconds() * 1000 / items, peakHeapMiB(),
                Runtime.getRuntime().maxMemory() >> 20, run.outcome());
    }

    /** What an IDE waits for: discovering a 10,000-item dataset. */
    private static void discoveryScenario(Path work) throws Exception {
        writeDataset(work, 10_000, 2048);
        Launcher launcher = LauncherFactory.create();
        launcher.discover(request(work, 8)); // warm-up
        long start = System.nanoTime();
        TestPlan plan = launcher.discover(request(work, 8));
        double seconds = (System.nanoTime() - start) / 1e9;
        long tests = plan.countTestIdentifiers(identifier -> identifier.isTest());
        System.out.printf(Locale.ROOT, "Discovery: %d tests from a 10,000-item dataset in %.3f s (target < 1 s)%n",
                tests, seconds);
    }

    /**
     * Server sockets whose connections send small writes at once. MockWebServer writes a response's
     * head and body separately; with Nagle's algorithm on, the body then waits for the client's delayed
     * ACK, some 40 ms on Linux loopback, which no real provider's HTTP/2 server adds.
     */
    private static final class NoDelayServerSocketFactory extends javax.net.ServerSocketFactory {

        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws IOException {
                    java.net.Socket socket = new java.net.Socket();
                    implAccept(socket);
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds the unbound socket itself");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds the unbound socket itself");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address)
                throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds the unbound socket itself");
        }
    }

    private record Run(double seconds, TestExecutionSummary summary) {

        String outcome() {
            return summary.getTestsSucceededCount() + " passed, " + summary.getTestsFailedCount() + " failed";
        }
    }

    private static Run run(Path work, int concurrency) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        PrintStream console = System.out;
        // The engine prints a line per item for Surefire's reports; here it would only flood the terminal.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        long start = System.nanoTime();
        try {
            LauncherFactory.create().execute(request(work, concurrency), listener);
        } finally {
            System.setOut(console);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (listener.getSummary().getTotalFailureCount() > 0) {
            listener.getSummary().printFailuresTo(new java.io.PrintWriter(System.err, true), 5);
        }
        return new Run(seconds, listener.getSummary());
    }

    private static LauncherDiscoveryRequest request(Path work, int concurrency) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(BenchExperiments.class, "bench"))
                .configurationParameters(Map.of(
                        "prompt.experiment.datasets.dir", work.resolve("datasets").toString(),
                        "prompt.experiment.targets.dir", work.resolve("targets").toString(),
                        "prompt.experiment.results.dir", work.resolve("results").toString(),
                        "prompt.experiment.cache.mode", "off",
                        "prompt.experiment.concurrency", String.valueOf(concurrency)))
                .build();
    }

    /** The benchmark's target under {@code work}: a JSON sentiment classifier on the OpenAI client. */
    static void writeTarget(Path work) throws IOException {
        Path target = Files.createDirectories(work.resolve("targets/bench"));
        Files.writeString(target.resolve("prompt.txt"), """
                Classify the sentiment of this customer review as positive, negative or neutral.
                Review: {review}
                Respond with JSON only: {{"label": "<label>", "confidence": <0..1>}}
                """);
        Files.writeString(target.resolve(".metadata.yaml"), """
                model: {provider: openai, name: gpt-4o-mini, parameters: {temperature: 0}}
                output_format: json
                """);
    }

    static void writeDataset(Path work, int items, int inputChars) throws IOException {
        Path folder = Files.createDirectories(work.resolve("datasets/bench"));
        String filler = "The delivery was quick and the product works as described. ".repeat(inputChars / 60 + 1)
                .substring(0, inputChars);
        StringBuilder cases = new StringBuilder("[\n");
        StringBuilder expected = new StringBuilder("{\n");
        for (int i = 1; i <= items; i++) {
            String id = String.format(Locale.ROOT, "case-%05d", i);
            cases.append(i > 1 ? ",\n" : "").append("{\"id\":\"").append(id).append("\",\"description\":\"review ")
                    .append(i).append("\",\"inputs\":{\"review\":\"").append(filler).append("\"}}");
            expected.append(i > 1 ? ",\n" : "").append('"').append(id).append("\":{\"label\":\"positive\"}");
        }
        Files.writeString(folder.resolve("test_cases.json"), cases.append("\n]\n"));
        Files.writeString(folder.resolve("expected.json"), expected.append("\n}\n"));
    }

    /** Mean latency_ms of the newest run's results.jsonl. */
    private static double meanLatency(Path work) throws IOException {
        Path newest;
        try (Stream<Path> runs = Files.list(work.resolve("results/bench"))) {
            newest = runs.max(Comparator.naturalOrder()).orElseThrow();
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Stream<String> lines = Files.lines(newest.resolve("results.jsonl"))) {
            return lines.mapToDouble(line -> {
                try {
                    return json.readTree(line).path("latency_ms").asDouble();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).average().orElse(0);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long peakHeapMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() >> 20;
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
