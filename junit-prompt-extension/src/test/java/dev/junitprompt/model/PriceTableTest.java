package dev.junitprompt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.api.Usage;

class PriceTableTest {

    @TempDir
    Path dir;

    private PriceTable table(String yaml) throws IOException {
        return PriceTable.load(Files.writeString(dir.resolve("prices.yaml"), yaml), true);
    }

    @Test
    void costIsTokensTimesThePricePerMillion() throws IOException {
        PriceTable prices = table("gpt-4o-mini: {input: 0.15, output: 0.60}\n");

        // 1,000 input tokens at $0.15/M + 500 output tokens at $0.60/M
        assertThat(prices.cost(new Usage(1000, 500, 1500), "gpt-4o-mini")).hasValueCloseTo(0.00045, within(1e-12));
    }

    @Test
    void aDatedModelNameIsPricedByTheLongestEntryItStartsWith() throws IOException {
        PriceTable prices = table("gpt-4o: {input: 2.5, output: 10}\ngpt-4o-mini: {input: 0.15, output: 0.60}\n");

        assertThat(prices.cost(new Usage(1_000_000, 0, 1_000_000), "gpt-4o-mini-2024-07-18"))
                .hasValueCloseTo(0.15, within(1e-12));
    }

    @Test
    void theFirstModelWithAPriceWins() throws IOException {
        PriceTable prices = table("gpt-4o-mini: {input: 1, output: 1}\n");

        assertThat(prices.cost(new Usage(1_000_000, 0, 1_000_000), "my-deployment", "gpt-4o-mini"))
                .hasValueCloseTo(1.0, within(1e-12));
        assertThat(prices.cost(new Usage(10, 10, 20), "unknown-model")).isEmpty();
    }

    @Test
    void aTargetsOwnPriceOverridesTheFile() throws IOException {
        PriceTable prices = table("gpt-4o-mini: {input: 0.15, output: 0.60}\n")
                .with("gpt-4o-mini", new PriceTable.Price(1, 1));

        assertThat(prices.cost(new Usage(1_000_000, 0, 1_000_000), "gpt-4o-mini")).hasValueCloseTo(1.0, within(1e-12));
    }

    @Test
    void aMissingOptionalFileIsAnEmptyTableAndARequiredOneAnError() {
        assertThat(PriceTable.load(dir.resolve("none.yaml"), false).cost(new Usage(1, 1, 2), "gpt-4o-mini")).isEmpty();
        assertThatThrownBy(() -> PriceTable.load(dir.resolve("none.yaml"), true))
                .hasMessageContaining("none.yaml does not exist");
    }

    @Test
    void aMalformedEntryNamesTheFileAndModel() {
        assertThatThrownBy(() -> table("gpt-4o-mini: {input: cheap}\n"))
                .hasMessageContaining("prices.yaml: model 'gpt-4o-mini' needs non-negative numbers 'input' and 'output'");
    }
}
