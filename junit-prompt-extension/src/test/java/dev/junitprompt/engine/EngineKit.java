package dev.junitprompt.engine;

import java.nio.file.Path;

import org.junit.platform.testkit.engine.EngineTestKit;

/** EngineTestKit for this engine over the test datasets and targets, with results in a temporary folder. */
final class EngineKit {

    private EngineKit() {
    }

    static EngineTestKit.Builder engine(Path workDir) {
        return EngineTestKit.engine(PromptExperimentTestEngine.ENGINE_ID)
                .configurationParameter("prompt.experiment.datasets.dir", "src/test/resources/engine/datasets")
                .configurationParameter("prompt.experiment.targets.dir", "src/test/resources/engine/targets")
                .configurationParameter("prompt.experiment.results.dir", workDir.resolve("results").toString())
                .configurationParameter("prompt.experiment.recordings.dir", workDir.resolve("recordings").toString())
                .configurationParameter("prompt.experiment.cache.mode", "off")
                // Fixtures that reach for an absent server should fail at once, not back off and retry.
                .configurationParameter("prompt.experiment.retry.max-attempts", "1");
    }
}
