package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.GreetingExperiments;
import dev.junitprompt.engine.fixtures.OverloadedExperiments;

class EngineEdgeCasesTest {

    @TempDir
    Path work;

    @Test
    void overloadedExperimentMethodsFailTheirExperimentNamingBothWhileTheOthersRun() {
        EngineExecutionResults results = EngineKit.engine(work).selectors(selectClass(OverloadedExperiments.class))
                .execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test("hello"), finishedWithFailure(message(m ->
                m.contains("2 @PromptExperiment methods are named 'hello'") && m.contains("hello(String)")
                        && m.contains("hello(DatasetItem)")))));
        // bye's three items and its thresholds test run as ever.
        results.testEvents().assertStatistics(stats -> stats.started(1 + 3 + 1).failed(1));
    }

    @Test
    void theRunRecordSaysStatusesInEnglishWhateverTheDefaultLocale() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            EngineKit.engine(work).selectors(selectMethod(GreetingExperiments.class, "greet")).execute();
        } finally {
            Locale.setDefault(before);
        }

        Path record;
        try (Stream<Path> runs = Files.list(work.resolve("results/greet"))) {
            record = runs.findFirst().orElseThrow().resolve("results.jsonl");
        }
        String text = Files.readString(record);
        assertThat(text).contains("\"status\":\"failed\"", "\"status\":\"passed\"", "\"pass_rule\":\"all\"")
                .doesNotContain("faıled");
    }
}
