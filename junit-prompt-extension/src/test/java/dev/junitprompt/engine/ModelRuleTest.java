package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.engine.fixtures.UnnamedModelExperiments;
import dev.junitprompt.results.RunRecord;

/** Which model a prompt target runs on, and with which parameters, is one documented rule, said at discovery. */
class ModelRuleTest {

    @TempDir
    Path work;

    @Test
    void aClassModelAnswersForTheTargetWhoseParametersStillApplyAndDiscoverySaysSo() throws Exception {
        var engine = EngineKit.engine(work).selectors(selectMethod(GreetingExperiments.class, "greet"));

        assertThat(engine.discover().getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("the class's @PromptModel answers instead of the model target 'greet' names (openai gpt-4o-mini)")
                .contains("parameters {temperature=0} still apply"));
        engine.execute();
        Path run;
        try (Stream<Path> runs = Files.list(work.resolve("results/greet"))) {
            run = runs.findFirst().orElseThrow();
        }
        assertThat(RunRecord.read(run.resolve(RunRecord.FILE_NAME)).results())
                .allSatisfy(result -> assertThat(result.trace().calls().get(0).parameters()).containsEntry("temperature", 0));
    }

    @Test
    void aTargetThatNamesNoModelIsSaidWithTheModelItWillRunOn() {
        var discovery = EngineKit.engine(work).selectors(selectClass(UnnamedModelExperiments.class)).discover();

        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("target 'greet_plain' names no model").contains("runs on openai gpt-4o-mini")
                .contains("model: {provider:"));
    }

    @Test
    void anEngineThatDiscoversTwiceAsSurefireDoesSaysEachWarningOnce() {
        PromptExperimentTestEngine engine = new PromptExperimentTestEngine(java.util.Map.of());
        java.util.function.Supplier<org.junit.platform.testkit.engine.EngineTestKit.Builder> kit = () ->
                org.junit.platform.testkit.engine.EngineTestKit.engine(engine)
                        .configurationParameter("prompt.experiment.datasets.dir", "src/test/resources/engine/datasets")
                        .configurationParameter("prompt.experiment.targets.dir", "src/test/resources/engine/targets")
                        .configurationParameter("prompt.experiment.backends", "local,nowhere")
                        .selectors(selectClass(UnnamedModelExperiments.class));

        var first = kit.get().discover().getDiscoveryIssues();
        var second = kit.get().discover().getDiscoveryIssues();

        assertThat(first).anySatisfy(issue -> assertThat(issue.message()).contains("names no model"));
        assertThat(second).noneSatisfy(issue -> assertThat(issue.message()).contains("names no model"));
        assertThat(second).as("errors, which fail the run, are said every time")
                .anySatisfy(issue -> assertThat(issue.message()).contains("backends names 'nowhere'"));
    }
}
