package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.DatasetItem;

class SamplingTest {

    private static final List<DatasetItem> ITEMS = IntStream.rangeClosed(1, 100)
            .mapToObj(i -> new DatasetItem("ds", "case-" + i, "", null, null, null)).toList();

    @Test
    void aCountPicksThatManyItemsInDatasetOrder() {
        List<DatasetItem> sample = Sampling.parse("10", "7").select(ITEMS);

        assertThat(sample).hasSize(10);
        assertThat(sample).isSortedAccordingTo((a, b) -> Integer.compare(ITEMS.indexOf(a), ITEMS.indexOf(b)));
    }

    @Test
    void aShareIsRoundedToItems() {
        assertThat(Sampling.parse("0.25", null).select(ITEMS)).hasSize(25);
        assertThat(Sampling.parse("0.001", null).select(ITEMS)).as("at least one").hasSize(1);
    }

    @Test
    void theSameSeedPicksTheSameItemsWhateverTheDatasetOrder() {
        List<DatasetItem> shuffled = new ArrayList<>(ITEMS);
        Collections.shuffle(shuffled, new java.util.Random(1));

        assertThat(Sampling.parse("10", "42").select(shuffled))
                .containsExactlyInAnyOrderElementsOf(Sampling.parse("10", "42").select(ITEMS));
    }

    @Test
    void anotherSeedPicksOtherItems() {
        assertThat(Sampling.parse("10", "1").select(ITEMS)).isNotEqualTo(Sampling.parse("10", "2").select(ITEMS));
    }

    @Test
    void noSampleKeepsEveryItem() {
        assertThat(Sampling.parse("", null).select(ITEMS)).isSameAs(ITEMS);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> Sampling.parse("lots", null)).hasMessageContaining("prompt.experiment.sample is 'lots'");
        assertThatThrownBy(() -> Sampling.parse("2.5", null)).hasMessageContaining("a count of items");
        assertThatThrownBy(() -> Sampling.parse("10", "x")).hasMessageContaining("prompt.experiment.sample.seed is 'x'");
    }

    @Test
    void describesWhatItDid() {
        assertThat(Sampling.parse("10", "3").describe(10, 100))
                .isEqualTo("sampled 10 of 100 items (prompt.experiment.sample=10, seed 3)");
    }
}
