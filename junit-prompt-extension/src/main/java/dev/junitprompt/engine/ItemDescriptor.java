package dev.junitprompt.engine;

import org.junit.platform.engine.UniqueId;

import dev.junitprompt.api.DatasetItem;

/**
 * One run of a dataset item: run the target, score the output, hold it to the item thresholds. With
 * repetitions it is one of several runs ({@code case-001 [2/3]}) under an {@link ItemContainerDescriptor}.
 */
final class ItemDescriptor extends ExperimentTestDescriptor {

    static final String SEGMENT = "item";
    static final String REPETITION_SEGMENT = "repetition";

    private final DatasetItem item;
    private final int repetition;

    ItemDescriptor(UniqueId uniqueId, ExperimentPlan plan, DatasetItem item, int repetition) {
        super(uniqueId, displayName(plan, item, repetition), plan);
        this.item = item;
        this.repetition = repetition;
    }

    private static String displayName(ExperimentPlan plan, DatasetItem item, int repetition) {
        return plan.repetitions() == 1 ? item.displayName()
                : item.id() + " [" + repetition + "/" + plan.repetitions() + "]";
    }

    DatasetItem item() {
        return item;
    }

    int repetition() {
        return repetition;
    }

    @Override
    public PromptEngineContext execute(PromptEngineContext context, DynamicTestExecutor executor) {
        context.experiment().report(this);
        return context;
    }
}
