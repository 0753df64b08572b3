package dev.junitprompt.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.platform.testkit.engine.EngineTestKit;

import dev.junitprompt.report.GitHubStepSummary;

/** EngineTestKit for this engine over the test datasets and targets, with results in a temporary folder. */
final class EngineKit {

    private EngineKit() {
    }

    /**
     * The engine with the process environment but for {@code GITHUB_STEP_SUMMARY}: the engine's own tests, run
     * in GitHub Actions, must not write their fixtures' experiments into the build's summary.
     */
    static EngineTestKit.Builder engine(Path workDir) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove(GitHubStepSummary.VARIABLE);
        return engine(workDir, environment);
    }

    /** The engine reading {@code environment} as its process environment. */
    static EngineTestKit.Builder engine(Path workDir, Map<String, String> environment) {
        return EngineTestKit.engine(new PromptExperimentTestEngine(environment))
                .configurationParameter("prompt.experiment.datasets.dir", "src/test/resources/engine/datasets")
                .configurationParameter("prompt.experiment.targets.dir", "src/test/resources/engine/targets")
                .configurationParameter("prompt.experiment.results.dir", workDir.resolve("results").toString())
                .configurationParameter("prompt.experiment.recordings.dir", workDir.resolve("recordings").toString())
                .configurationParameter("prompt.experiment.cache.mode", "off")
                // Fixtures that reach for an absent server should fail at once, not back off and retry.
                .configurationParameter("prompt.experiment.retry.max-attempts", "1");
    }
}
