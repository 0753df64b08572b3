package dev.junitprompt.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The whole-process benchmark: each scenario is a fresh JVM running the JUnit console launcher on a generated
 * suite (a template target on the OpenAI client the target's metadata names, two evaluators per item), as a
 * user runs it, against a {@link FakeProvider} on loopback, ordinary and tuned. Figures are measured from
 * outside the child: wall time, time from launch to the fake's first request, connections the fake accepted,
 * calls in flight at once, and the child's peak resident set size ({@code VmHWM}).
 *
 * <p>Needs the console launcher's jar: {@code -Dbench.console=…/junit-platform-console-standalone-<v>.jar}
 * (the bench profile copies it from Maven Central).
 */
final class WholeProcess {

    /**
     * The child JVM's options: the JVM's defaults, or the ones the README's build snippet gives Surefire's
     * {@code argLine} (and Gradle's {@code jvmArgs}) for prompt tests.
     */
    enum Jvm {
        DEFAULT(List.of()),
        /**
         * A prompt test waits on the network: C1 alone compiles enough, and on a 2-core runner C2's compiler
         * thread no longer takes a core from discovery and the first calls; the serial collector with a 32 MiB
         * young generation keeps the footprint to the live data instead of growing G1's regions to the heap's
         * initial size.
         */
        README(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmn32m"));

        final List<String> options;

        Jvm(List<String> options) {
            this.options = options;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What starts the tests: the JUnit console launcher, or Maven running Surefire ({@code mvn -o surefire:test} on
     * a generated project), which adds Maven's start and Surefire's fork.
     */
    enum Launcher {
        CONSOLE, MAVEN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One figure: items, model latency, concurrency, the fake's kind, 429s per ten, the child's heap, JVM and
     * launcher.
     */
    record Scenario(String name, int items, long latencyMillis, int concurrency, FakeProvider.Kind kind,
            int limitedPerTen, String heap, boolean jsonl, Jvm jvm, Launcher launcher) {

        Scenario(String name, int items, long latencyMillis, int concurrency, FakeProvider.Kind kind,
                int limitedPerTen, String heap, boolean jsonl) {
            this(name, items, latencyMillis, concurrency, kind, limitedPerTen, heap, jsonl, Jvm.DEFAULT,
                    Launcher.CONSOLE);
        }

        Scenario on(Jvm otherJvm, Launcher otherLauncher) {
            return new Scenario(name, items, latencyMillis, concurrency, kind, limitedPerTen, heap, jsonl, otherJvm,
                    otherLauncher);
        }

        String label() {
            return name + "-" + kind.label() + "-" + jvm.label() + "-" + launcher.label();
        }

        double idealSeconds() {
            if (limitedPerTen > 0) { // the calls' waves, and one Retry-After of a second on top: the floor
                return Math.ceil((double) items / concurrency) * latencyMillis / 1000.0 + 1.0;
            }
            return items * latencyMillis / 1000.0 / concurrency;
        }
    }

    /** The most a child may take. */
    private static final java.time.Duration BOUND = java.time.Duration.ofMinutes(4);

    private static final List<Scenario> SCENARIOS;

    static {
        List<Scenario> scenarios = new ArrayList<>();
        for (FakeProvider.Kind kind : FakeProvider.Kind.values()) {
            scenarios.add(new Scenario("500x200ms-C16", 500, 200, 16, kind, 0, null, false));
            scenarios.add(new Scenario("2000x200ms-C64", 2_000, 200, 64, kind, 0, null, false));
            scenarios.add(new Scenario("5000x0ms-C16", 5_000, 0, 16, kind, 0, null, false));
        }
        scenarios.add(new Scenario("storm-300x100ms-C64", 300, 100, 64, FakeProvider.Kind.ORDINARY, 3, null, false));
        SCENARIOS = List.copyOf(scenarios);
    }

    /** The 100,000-item streaming case: a JSONL dataset in a 256 MiB heap, on the tuned fake. */
    private static final Scenario STREAM = new Scenario("stream-100000x0ms-C16", 100_000, 0, 16,
            FakeProvider.Kind.TUNED, 0, "256m", true);

    private WholeProcess() {
    }

    /**
     * @param names what to run: scenario names (as printed), fake kinds ({@code ordinary}, {@code tuned}), JVMs
     *              ({@code default}, {@code readme}) and launchers ({@code console}, {@code maven}); a scenario runs
     *              when it matches one of the names given of each (none given of one: any, but only the console
     *              launcher); the 100,000-item {@code stream} case runs only when named
     */
    static void run(Path work, List<String> given) throws Exception {
        List<String> names = given.stream().map(name -> name.equals("stream") ? STREAM.name() : name).toList();
        String console = System.getProperty("bench.console", "");
        if (console.isBlank() || !Files.isRegularFile(Path.of(console))) {
            throw new IllegalStateException("The whole-process mode needs -Dbench.console=<path of "
                    + "junit-platform-console-standalone.jar>; run it through the bench profile, which copies the jar");
        }
        List<Scenario> all = new ArrayList<>(SCENARIOS);
        if (names.contains(STREAM.name())) {
            all.add(STREAM);
        }
        List<String> scenarioNames = all.stream().map(Scenario::name).distinct().toList();
        List<String> kinds = Arrays.stream(FakeProvider.Kind.values()).map(FakeProvider.Kind::label).toList();
        List<String> jvms = Arrays.stream(Jvm.values()).map(Jvm::label).toList();
        List<String> launchers = Arrays.stream(Launcher.values()).map(Launcher::label).toList();
        List<String> unknown = names.stream().filter(name -> !scenarioNames.contains(name)
                && !kinds.contains(name) && !jvms.contains(name) && !launchers.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown whole-process names " + unknown + "; scenarios are "
                    + scenarioNames + ", fakes " + kinds + ", JVMs " + jvms + ", launchers " + launchers);
        }
        List<Scenario> chosen = new ArrayList<>();
        for (Scenario base : all) {
            for (Launcher launcher : Launcher.values()) {
                for (Jvm jvm : Jvm.values()) {
                    Scenario scenario = base.on(jvm, launcher);
                    boolean launcherNamed = names.stream().anyMatch(launchers::contains)
                            ? names.contains(launcher.label()) : launcher == Launcher.CONSOLE;
                    if (launcherNamed && matches(names, scenarioNames, scenario.name())
                            && matches(names, kinds, scenario.kind().label()) && matches(names, jvms, jvm.label())) {
                        chosen.add(scenario);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "Whole process: a fresh JVM per scenario, started by the JUnit console launcher "
                + "(%s) or by mvn -o surefire:test, on a generated suite, against a fake provider on loopback; JVM "
                + "readme: %s%n", Path.of(console).getFileName(), String.join(" ", Jvm.README.options));
        for (Scenario scenario : chosen) {
            Result result = launch(work, Path.of(console), scenario);
            if (result != null) {
                print(scenario, result);
            }
        }
    }

    /** Whether {@code value} is one of the {@code names} of its dimension, or none of them is named. */
    private static boolean matches(List<String> names, List<String> dimension, String value) {
        return names.stream().noneMatch(dimension::contains) || names.contains(value);
    }

    /**
     * JVM options for every child, from {@code -Dbench.child.options="…"} (space-separated): to measure a flag
     * the way a user would set it in Surefire's {@code argLine}, or to look inside the child
     * ({@code -Xlog:class+load}).
     */
    private static List<String> childOptions() {
        return Arrays.stream(System.getProperty("bench.child.options", "").strip().split("\\s+"))
                .filter(option -> !option.isEmpty()).toList();
    }

    private record Result(double wallSeconds, double firstRequestSeconds, double afterLastSeconds, int connections,
            int requests, int limited, int peakInFlight, long peakRssKiB, int exitCode) {
    }

    /** Runs the scenario's child; its figures, or null when it did not finish within {@link #BOUND} (said). */
    private static Result launch(Path work, Path console, Scenario scenario) throws Exception {
        Path suite = work.resolve("process-" + scenario.label());
        writeSuite(suite, scenario);
        try (FakeProvider fake = new FakeProvider(scenario.kind(), scenario.latencyMillis(),
                scenario.limitedPerTen())) {
            List<String> jvmOptions = new ArrayList<>();
            if (scenario.heap() != null) {
                jvmOptions.add("-Xmx" + scenario.heap());
            }
            jvmOptions.addAll(scenario.jvm().options);
            jvmOptions.addAll(childOptions());
            Map<String, String> configuration = new LinkedHashMap<>();
            configuration.put("prompt.experiment.datasets.dir", suite.resolve("datasets").toString());
            configuration.put("prompt.experiment.targets.dir", suite.resolve("targets").toString());
            configuration.put("prompt.experiment.results.dir", suite.resolve("results").toString());
            configuration.put("prompt.experiment.cache.mode", "off");
            configuration.put("prompt.experiment.concurrency", String.valueOf(scenario.concurrency()));
            List<String> command = scenario.launcher() == Launcher.CONSOLE
                    ? consoleCommand(console, jvmOptions, configuration)
                    : mavenCommand(suite, jvmOptions, configuration);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(suite.resolve("console.log").toFile());
            builder.environment().put("OPENAI_BASE_URL", fake.baseUrl());
            builder.environment().put("OPENAI_API_KEY", "bench-key");
            long start = System.nanoTime();
            Process child = builder.start();
            AtomicLong peakRss = new AtomicLong();
            // With Maven, the tests' process is Surefire's fork, a child of Maven's JVM.
            boolean fork = scenario.launcher() == Launcher.MAVEN;
            Thread sampler = new Thread(() -> sampleRss(child, fork, peakRss), "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            // Generous for every scenario (the 100,000 items at some 1,000 a second included); a child past it is
            // stuck, typically collecting garbage at the heap's limit.
            if (!child.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "  %-22s %-8s %-7s %-7s did not finish within %d s: %d of %d "
                                + "items answered, peak RSS %d MiB%s; stopped%n", scenario.name(),
                        scenario.kind().label(), scenario.jvm().label(), scenario.launcher().label(),
                        BOUND.toSeconds(), fake.requests(), scenario.items(), peakRss.get() >> 10,
                        scenario.heap() == null ? "" : " (-Xmx" + scenario.heap() + ")");
                return null;
            }
            double wall = (System.nanoTime() - start) / 1e9;
            sampler.join(TimeUnit.SECONDS.toMillis(5));
            long first = fake.firstRequestNanos();
            long end = start + (long) (wall * 1e9);
            if (child.exitValue() != 0) {
                List<String> log = Files.readAllLines(suite.resolve("console.log"));
                System.err.println(scenario.name() + " exited " + child.exitValue() + "; the end of its console:");
                log.subList(Math.max(0, log.size() - 15), log.size()).forEach(System.err::println);
            }
            return new Result(wall, first == 0 ? Double.NaN : (first - start) / 1e9,
                    fake.lastAnswerNanos() == 0 ? Double.NaN : (end - fake.lastAnswerNanos()) / 1e9,
                    fake.connections(), fake.requests(), fake.limited(), fake.peakInFlight(), peakRss.get(),
                    child.exitValue());
        }
    }

    private static List<String> consoleCommand(Path console, List<String> jvmOptions,
            Map<String, String> configuration) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", console.toString(), "execute", "--disable-banner", "--details=none",
                "--disable-ansi-colors", "--class-path", suiteClassPath(),
                "--select-method", WholeProcessExperiments.class.getName() + "#bench"));
        configuration.forEach((key, value) -> command.add("--config=" + key + "=" + value));
        return command;
    }

    /**
     * {@code mvn -o surefire:test} on a generated project whose tests are this module's classes and whose test class
     * path is the suite's: JUnit's platform as dependencies (from which Surefire picks its JUnit Platform provider),
     * the rest as additional class path elements. Offline: everything is in the local repository already.
     */
    private static List<String> mavenCommand(Path suite, List<String> jvmOptions, Map<String, String> configuration)
            throws IOException {
        String platform = org.junit.platform.engine.TestEngine.class.getPackage().getImplementationVersion();
        String surefire = System.getProperty("bench.surefire.version", "3.6.1");
        Path testClasses;
        try {
            testClasses = Path.of(WholeProcessExperiments.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the suite's classes: " + e.getMessage(), e);
        }
        StringBuilder elements = new StringBuilder();
        for (String entry : suiteClassPath().split(File.pathSeparator)) {
            if (!Path.of(entry).equals(testClasses)) {
                elements.append("<additionalClasspathElement>").append(xml(entry))
                        .append("</additionalClasspathElement>");
            }
        }
        StringBuilder parameters = new StringBuilder();
        configuration.forEach((key, value) -> parameters.append(key).append('=').append(value).append('\n'));
        Files.writeString(suite.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId><artifactId>whole-process</artifactId><version>1</version>
                  <dependencies>
                    <dependency><groupId>org.junit.platform</groupId><artifactId>junit-platform-engine</artifactId>
                      <version>%1$s</version><scope>test</scope></dependency>
                    <dependency><groupId>org.junit.platform</groupId><artifactId>junit-platform-launcher</artifactId>
                      <version>%1$s</version><scope>test</scope></dependency>
                  </dependencies>
                  <build><plugins><plugin>
                    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId>
                    <version>%2$s</version>
                    <configuration>
                      <testClassesDirectory>%3$s</testClassesDirectory>
                      <additionalClasspathElements>%4$s</additionalClasspathElements>
                      <test>%5$s#bench</test>
                      <argLine>%6$s</argLine>
                      <properties><configurationParameters>%7$s</configurationParameters></properties>
                    </configuration>
                  </plugin></plugins></build>
                </project>
                """.formatted(platform, surefire, xml(testClasses.toString()), elements,
                WholeProcessExperiments.class.getSimpleName(), xml(String.join(" ", jvmOptions)),
                xml(parameters.toString())));
        return List.of("mvn", "-o", "-B", "-q", "-f", suite.resolve("pom.xml").toString(), "surefire:test");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void print(Scenario scenario, Result result) {
        double ideal = scenario.idealSeconds();
        String versus = ideal > 0
                ? String.format(Locale.ROOT, "ideal %.2f s, ratio %.2f", ideal, result.wallSeconds() / ideal)
                : String.format(Locale.ROOT, "%.0f items/s", scenario.items() / result.wallSeconds());
        String storm = scenario.limitedPerTen() > 0 ? String.format(Locale.ROOT, " (%d answered 429)",
                result.limited()) : "";
        System.out.printf(Locale.ROOT, "  %-22s %-8s %-7s %-7s %6.2f s wall, %s · first request %.2f s · exit %.2f s after "
                        + "the last answer · %d connections, %d requests%s, %d in flight at most · peak RSS %d MiB%s "
                        + "· %s%n", scenario.name(), scenario.kind().label(), scenario.jvm().label(),
                scenario.launcher().label(), result.wallSeconds(), versus,
                result.firstRequestSeconds(), result.afterLastSeconds(), result.connections(), result.requests(),
                storm, result.peakInFlight(), result.peakRssKiB() >> 10,
                scenario.heap() == null ? "" : " (-Xmx" + scenario.heap() + ")",
                result.exitCode() == 0 ? "all passed" : "exit " + result.exitCode());
    }

    /**
     * The peak resident set size the kernel reports for the child or, with {@code descendants}, the largest of its
     * descendants' (Surefire's fork, where the tests run, not Maven's own JVM), read until the child exits.
     */
    private static void sampleRss(Process child, boolean descendants, AtomicLong peakKiB) {
        while (child.isAlive()) {
            (descendants ? child.descendants() : java.util.stream.Stream.of(child.toHandle()))
                    .forEach(process -> peakKiB.accumulateAndGet(highWaterMark(process.pid()), Math::max));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code VmHWM} of the process, in KiB; 0 when it has exited or there is no /proc (not Linux). */
    private static long highWaterMark(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited between the listing and the read
        }
        return 0;
    }

    /**
     * The suite's class path for the console launcher: this module's classes and the library's, without the
     * JUnit Platform jars (the standalone jar brings its own) and without the in-JVM benchmark's fake server.
     */
    private static String suiteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> {
                    String name = Path.of(entry).getFileName().toString();
                    return !name.startsWith("junit-platform-") && !name.startsWith("junit-jupiter")
                            && !name.startsWith("mockwebserver");
                })
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void writeSuite(Path suite, Scenario scenario) throws IOException {
        // The in-JVM benchmark's target, so both measure the same suite.
        Bench.writeTarget(suite);
        Path dataset = Files.createDirectories(suite.resolve("datasets/bench"));
        if (scenario.jsonl()) {
            try (var out = Files.newBufferedWriter(dataset.resolve("test_cases.jsonl"))) {
                for (int i = 1; i <= scenario.items(); i++) {
                    out.write(String.format(Locale.ROOT, "{\"id\":\"case-%06d\",\"description\":\"review %d\","
                            + "\"inputs\":{\"review\":\"The delivery was quick and the product works as described."
                            + "\"},\"expected\":{\"label\":\"positive\"}}%n", i, i));
                }
            }
        } else {
            Bench.writeDataset(suite, scenario.items(), 256);
        }
    }
}
