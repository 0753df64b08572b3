package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.AssertionFailedError;

import dev.junitprompt.engine.fixtures.RecordingKeyExperiments;

class RecordingKeysTest {

    @TempDir
    Path work;

    @Test
    void whatWasRecordedWithOneRepetitionStillReplaysAsTheFirstOfThree() {
        EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", "record")
                .selectors(selectMethod(RecordingKeyExperiments.class, "once")).execute()
                .testEvents().assertStatistics(stats -> stats.failed(0));

        var replayed = EngineKit.engine(work).configurationParameter("prompt.experiment.cache.mode", "replay")
                .selectors(selectMethod(RecordingKeyExperiments.class, "thrice")).execute();

        // Three items: repetition 1 replays what "once" recorded; 2 and 3 have no recording of their own yet.
        assertThat(replayed.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getUniqueId()
                .getLastSegment().getValue()).containsExactly("1", "1", "1", "thresholds");
        assertThat(replayed.testEvents().failed().list()).hasSize(6)
                .allSatisfy(e -> assertThat(e.getRequiredPayload(TestExecutionResult.class).getThrowable())
                        .hasValueSatisfying(thrown -> assertThat(thrown).hasMessageContaining("No recording")));
    }

    @Test
    void readingAnOutputThatIsNotJsonAsJsonFailsTheItemRatherThanErroringIt() {
        var results = EngineKit.engine(work).selectors(selectMethod(RecordingKeyExperiments.class, "asJson",
                "dev.junitprompt.api.PromptResult")).execute();

        assertThat(results.testEvents().failed().list()).filteredOn(e -> e.getTestDescriptor().getUniqueId()
                .getLastSegment().getType().equals("item")).hasSize(3)
                .allSatisfy(e -> assertThat(e.getRequiredPayload(TestExecutionResult.class).getThrowable())
                        .hasValueSatisfying(thrown -> assertThat(thrown).isInstanceOf(AssertionFailedError.class)
                                .hasMessageContaining("asJson(): ")));
    }
}
