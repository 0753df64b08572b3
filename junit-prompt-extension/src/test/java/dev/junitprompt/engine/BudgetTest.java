package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.BudgetExperiments;

/** Usage and cost per item and per experiment, and the budget thresholds over them. */
class BudgetTest {

    @TempDir
    Path work;

    private Path prices;

    @BeforeEach
    void writePrices() throws IOException {
        prices = Files.writeString(work.resolve("prices.yaml"), "greeting-model: {input: 1000, output: 1000}\n");
    }

    private EngineExecutionResults run(String experiment) {
        return EngineKit.engine(work).configurationParameter("prompt.experiment.prices", prices.toString())
                .selectors(selectMethod(BudgetExperiments.class, experiment)).execute();
    }

    @Test
    void budgetsOverCostAndTokensFailTheThresholdsTestNamingTheCostliestItems() {
        EngineExecutionResults results = run("overBudget");

        results.testEvents().assertThatEvents().haveExactly(1, event(test("thresholds"), finishedWithFailure(
                message(m -> m.contains("missed 2 of 3 thresholds")
                        && m.contains("✗ total cost $0.0290 > $0.0010") && m.contains("case-003 $0.0100")
                        && m.contains("✗ total tokens 29 > 20")
                        && m.contains("✓ latency p95")))));
    }

    @Test
    void aPerItemCostBudgetFailsTheItemsOverIt() {
        EngineExecutionResults results = run("perItemBudget");

        results.testEvents().assertThatEvents().haveExactly(1, event(test("case-001"), finishedSuccessfully()))
                .haveExactly(1, event(test("case-003"), finishedWithFailure(message(m -> m.contains(
                        "cost = 0.00 < min 1.00") && m.contains("$0.010000, over the maximum of $0.009500")))));
    }

    @Test
    void budgetsThatHoldPass() {
        run("withinBudget").testEvents().assertThatEvents()
                .haveExactly(1, event(test("thresholds"), finishedSuccessfully()));
    }

    @Test
    void aCostBudgetFailsWhenAModelHasNoPriceNamingItAndHowToAddOne() throws Exception {
        Files.writeString(prices, "some-other-model: {input: 1, output: 1}\n");

        run("withinBudget").testEvents().assertThatEvents().haveExactly(1, event(test("thresholds"),
                finishedWithFailure(message(m -> m.contains("✗ total cost unknown: no price for greeting-model")
                        && m.contains("prices.yaml") && !m.contains("✓ total cost")))));
    }

    @Test
    void eachItemPublishesItsCostFromThePriceTable() {
        EngineExecutionResults results = run("withinBudget");

        Map<String, String> entry = results.allEvents().reportingEntryPublished()
                .filter(event -> event.getTestDescriptor().getUniqueId().toString().endsWith("[item:case-001]"))
                .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .findFirst().orElseThrow();
        // 7 input and 2 output tokens at $1000 per million each
        assertThat(entry).containsEntry("cost", "0.009000").containsEntry("tokens.input", "7");
    }

    @Test
    void aMissingConfiguredPriceFileFailsTheExperimentNamingIt() {
        EngineExecutionResults results = EngineKit.engine(work)
                .configurationParameter("prompt.experiment.prices", work.resolve("nope.yaml").toString())
                .selectors(selectMethod(BudgetExperiments.class, "withinBudget")).execute();

        results.containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.contains("nope.yaml does not exist (prompt.experiment.prices)")))));
    }
}
