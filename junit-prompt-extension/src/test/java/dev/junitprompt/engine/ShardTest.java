package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.engine.fixtures.GreetingExperiments;

class ShardTest {

    @TempDir
    Path work;

    private static List<DatasetItem> items(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new DatasetItem("d", "item-" + i, "", null, null, null))
                .toList();
    }

    @Test
    void theShardsTogetherRunEveryItemOnceAndAnAddedItemMovesNoOther() {
        List<DatasetItem> items = items(200);
        List<String> union = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            new Shard(i, 4).select(items).forEach(item -> union.add(item.id()));
        }
        assertThat(union).hasSize(200).doesNotHaveDuplicates();
        assertThat(new Shard(1, 4).select(items)).hasSizeBetween(30, 70);

        List<DatasetItem> grown = items(201);
        Set<String> before = new HashSet<>(new Shard(2, 4).select(items).stream().map(DatasetItem::id).toList());
        assertThat(new Shard(2, 4).select(grown).stream().map(DatasetItem::id).filter(id -> !id.equals("item-201")))
                .containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aShardThatIsNotIndexOverCountIsSaidWithAnExample() {
        assertThatThrownBy(() -> Shard.parse("5/4")).hasMessageContaining("prompt.experiment.shard is '5/4'; use "
                + "index/count, e.g. 2/4");
        assertThat(Shard.parse(" 2/3 ")).isEqualTo(new Shard(2, 3));
    }

    @Test
    void twoShardsOfAnExperimentRunItsItemsBetweenThem() {
        List<String> ran = new ArrayList<>();
        for (String shard : List.of("1/2", "2/2")) {
            EngineKit.engine(work).configurationParameter("prompt.experiment.shard", shard)
                    .selectors(selectMethod(GreetingExperiments.class, "greet")).execute().testEvents().started().list()
                    .stream().map(event -> event.getTestDescriptor().getUniqueId().getLastSegment())
                    .filter(segment -> segment.getType().equals("item")).forEach(segment -> ran.add(segment.getValue()));
        }
        assertThat(ran).containsExactlyInAnyOrder("case-001", "case-002", "case-003");
    }
}
