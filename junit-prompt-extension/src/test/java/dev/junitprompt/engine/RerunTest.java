package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.results.RunRecord;

/** prompt.experiment.rerun=failed: only the items that did not pass last time, or all when none failed. */
class RerunTest {

    @TempDir
    Path work;

    /** {@code greet}, {@code shout(String)} or {@code flaky(DatasetItem)} of the greeting fixtures. */
    private static DiscoverySelector experiment(String method) {
        return switch (method) {
            case "shout" -> selectMethod(GreetingExperiments.class, "shout", "java.lang.String");
            case "flaky" -> selectMethod(GreetingExperiments.class, "flaky", "dev.junitprompt.api.DatasetItem");
            default -> selectMethod(GreetingExperiments.class, method);
        };
    }

    private EngineExecutionResults run(String method, boolean rerun) {
        var engine = EngineKit.engine(work).selectors(experiment(method));
        return (rerun ? engine.configurationParameter("prompt.experiment.rerun", "failed") : engine).execute();
    }

    private static List<String> itemsRun(EngineExecutionResults results) {
        return results.testEvents().started().stream().map(Event::getTestDescriptor)
                .map(descriptor -> descriptor.getDisplayName()).filter(name -> name.startsWith("case-")).toList();
    }

    private RunRecord lastRecord(String experiment) {
        return RunRecord.read(Baselines.lastRecord(work.resolve("results"), experiment).orElseThrow());
    }

    @Test
    void runsOnlyTheItemsThatFailedOrErroredInTheLastRun() {
        run("greet", false);
        run("flaky", false);

        assertThat(itemsRun(run("greet", true))).singleElement().asString().startsWith("case-003");
        assertThat(itemsRun(run("flaky", true))).singleElement().asString().startsWith("case-002");
        assertThat(lastRecord("greet").summary().orElseThrow().notes()).contains("prompt.experiment.rerun=failed: "
                + "only the 1 items that did not pass in the last run " + lastRecordOfRun("greet", 1) + " ran: case-003");
        assertThat(lastRecord("greet").run().settings()).containsEntry("rerun", "failed");
    }

    @Test
    void runsEveryItemWhenTheLastRunPassedOrThereIsNone() {
        assertThat(itemsRun(run("shout", true))).hasSize(3);
        assertThat(lastRecord("shout").summary().orElseThrow().notes()).singleElement().asString()
                .startsWith("prompt.experiment.rerun=failed: no earlier run of shout in ").endsWith(", so every item ran");

        assertThat(itemsRun(run("shout", true))).hasSize(3);
        assertThat(lastRecord("shout").summary().orElseThrow().notes()).singleElement().asString()
                .startsWith("prompt.experiment.rerun=failed: every item passed in the last run ");
    }

    @Test
    void aLastRunThatCannotBeReadIsSaidAndEveryItemRuns() throws Exception {
        Path broken = Files.createDirectories(work.resolve("results/greet/20250101T000000Z"));
        Files.writeString(broken.resolve(RunRecord.FILE_NAME), "not a record\n");

        assertThat(itemsRun(run("greet", true))).hasSize(3);
        assertThat(lastRecord("greet").summary().orElseThrow().notes()).anySatisfy(note -> assertThat(note)
                .startsWith("prompt.experiment.rerun=failed: the last run of greet cannot be read (")
                .endsWith("), so every item ran"));
    }

    @Test
    void aValueOtherThanFailedIsADiscoveryErrorNamingTheKey() {
        EngineDiscoveryResults discovery = EngineKit.engine(work).configurationParameter("prompt.experiment.rerun", "all")
                .selectors(experiment("shout")).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("prompt.experiment.rerun is 'all'; use failed"));
    }

    /** The id of the {@code n}th run of {@code experiment}, oldest first. */
    private String lastRecordOfRun(String experiment, int n) {
        try (var runs = Files.list(work.resolve("results").resolve(experiment))) {
            return runs.map(path -> path.getFileName().toString()).filter(name -> !name.startsWith("latest"))
                    .sorted().toList().get(n - 1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
