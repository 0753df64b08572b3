package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.GreetingExperiments;

class UniqueIdTest {

    @TempDir
    Path work;

    private List<UniqueId> discoveredTestIds() {
        return EngineKit.engine(work).selectors(selectClass(GreetingExperiments.class)).discover()
                .getEngineDescriptor().getDescendants().stream()
                .filter(TestDescriptor::isTest).map(TestDescriptor::getUniqueId).toList();
    }

    @Test
    void uniqueIdsAreBuiltFromItemIds() {
        assertThat(discoveredTestIds()).map(UniqueId::toString).contains(
                "[engine:prompt-experiment]/[class:" + GreetingExperiments.class.getName()
                        + "]/[experiment:greet]/[item:case-002]",
                "[engine:prompt-experiment]/[class:" + GreetingExperiments.class.getName()
                        + "]/[experiment:greet]/[thresholds:thresholds]");
    }

    @Test
    void everyDiscoveredIdReselectsExactlyThatTest() {
        List<UniqueId> ids = discoveredTestIds();
        assertThat(ids).hasSize(12);

        for (UniqueId id : ids) {
            EngineExecutionResults results = EngineKit.engine(work).selectors(selectUniqueId(id)).execute();
            // A thresholds test selected alone is reported skipped: none of its items was selected to run.
            assertThat(java.util.stream.Stream.concat(results.testEvents().started().stream(),
                            results.testEvents().skipped().stream()).toList())
                    .as("tests run for %s", id)
                    .singleElement().satisfies(event -> assertThat(event.getTestDescriptor().getUniqueId()).isEqualTo(id));
        }
    }

    @Test
    void selectingOneItemRunsOnlyThatItem() {
        UniqueId id = UniqueId.forEngine(PromptExperimentTestEngine.ENGINE_ID)
                .append("class", GreetingExperiments.class.getName()).append("experiment", "greet")
                .append("item", "case-003");

        EngineExecutionResults results = EngineKit.engine(work).selectors(selectUniqueId(id)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(results.testEvents().started().list().get(0).getTestDescriptor().getDisplayName())
                .isEqualTo("case-003 · German");
    }

    @Test
    void anUnknownItemIdIsReportedNotRun() {
        UniqueId id = UniqueId.forEngine(PromptExperimentTestEngine.ENGINE_ID)
                .append("class", GreetingExperiments.class.getName()).append("experiment", "greet")
                .append("item", "case-404");

        var discovery = EngineKit.engine(work).selectors(selectUniqueId(id)).discover();

        assertThat(discovery.getEngineDescriptor().getDescendants()).noneMatch(TestDescriptor::isTest);
        assertThat(discovery.getDiscoveryIssues()).anySatisfy(issue -> assertThat(issue.message())
                .contains("Item 'case-404' is not in dataset 'greetings'", "[case-001, case-002, case-003]"));
    }
}
