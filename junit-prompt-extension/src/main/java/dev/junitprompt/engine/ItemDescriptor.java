package dev.junitprompt.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.junitprompt.api.DatasetItem;

/**
 * One run of a dataset item: run the target, score the output, hold it to the item thresholds. With
 * repetitions it is one of several runs ({@code case-001 [2/3]}) under an {@link ItemContainerDescriptor}.
 */
final class ItemDescriptor extends AbstractTestDescriptor implements Node<PromptEngineContext> {

    static final String SEGMENT = "item";
    static final String REPETITION_SEGMENT = "repetition";

    private final DatasetItem item;
    private final int repetition;
    private final String legacyName;

    ItemDescriptor(UniqueId uniqueId, ExperimentPlan plan, DatasetItem item, int repetition) {
        // The method's source lets -Dtest=Class#method and IDE navigation find the item's test.
        super(uniqueId, displayName(plan, item, repetition), MethodSource.from(plan.testClass(), plan.method()));
        this.item = item;
        this.repetition = repetition;
        this.legacyName = plan.name() + " · " + getDisplayName();
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

    /** What Surefire names the test case: the item alone would repeat across a class's experiments. */
    @Override
    public String getLegacyReportingName() {
        return legacyName;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public PromptEngineContext execute(PromptEngineContext context, DynamicTestExecutor executor) {
        context.experiment().report(this);
        return context;
    }
}
