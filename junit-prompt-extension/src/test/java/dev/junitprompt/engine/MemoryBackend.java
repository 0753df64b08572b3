package dev.junitprompt.engine;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.backend.Backend;
import dev.junitprompt.backend.BackendContext;
import dev.junitprompt.dataset.Dataset;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;

/**
 * A backend as a team would add one, registered from the test class path in
 * {@code META-INF/services/dev.junitprompt.backend.Backend}: a dataset source and a sink in memory.
 */
public final class MemoryBackend implements Backend {

    /** What the sink recorded: the runs opened, the items, the summaries; and the setting it was given. */
    static final List<RunInfo> RUNS = new CopyOnWriteArrayList<>();
    static final List<ItemResult> ITEMS = new CopyOnWriteArrayList<>();
    static final List<ExperimentSummary> SUMMARIES = new CopyOnWriteArrayList<>();
    static final List<String> LABELS = new CopyOnWriteArrayList<>();

    static void clear() {
        RUNS.clear();
        ITEMS.clear();
        SUMMARIES.clear();
        LABELS.clear();
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Optional<DatasetSource> datasetSource(BackendContext context) {
        return Optional.of(name -> new Dataset(name, "memory dataset " + name, List.of(
                new DatasetItem(name, "m-1", "Ada", JsonNodeFactory.instance.objectNode().put("name", "Ada")
                        .put("lang", "English"), TextNode.valueOf("Hello, Ada!"), null),
                new DatasetItem(name, "m-2", "Jean", JsonNodeFactory.instance.objectNode().put("name", "Jean")
                        .put("lang", "French"), TextNode.valueOf("Bonjour, Jean !"), null)), List.of()));
    }

    @Override
    public Optional<ResultSink> resultSink(BackendContext context) {
        String label = context.setting("label").orElse("(none)");
        return Optional.of(new ResultSink() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public Recorder open(RunInfo run) {
                RUNS.add(run);
                LABELS.add(label);
                return new Recorder() {
                    @Override
                    public void record(ItemResult result) {
                        ITEMS.add(result);
                    }

                    @Override
                    public String finish(ExperimentSummary summary) {
                        SUMMARIES.add(summary);
                        return "memory: " + summary.itemIds().size() + " items";
                    }
                };
            }
        });
    }
}
