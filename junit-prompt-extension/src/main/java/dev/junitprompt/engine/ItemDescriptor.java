package dev.junitprompt.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.junitprompt.api.DatasetItem;

/** One dataset item's test: run the target, score the output, hold it to the item thresholds. */
final class ItemDescriptor extends AbstractTestDescriptor implements Node<PromptEngineContext> {

    static final String SEGMENT = "item";

    private final DatasetItem item;
    private final String legacyName;

    ItemDescriptor(UniqueId uniqueId, ExperimentPlan plan, DatasetItem item) {
        // The method's source lets -Dtest=Class#method and IDE navigation find the item's test.
        super(uniqueId, item.displayName(), MethodSource.from(plan.testClass(), plan.method()));
        this.item = item;
        this.legacyName = plan.name() + " · " + item.displayName();
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
        context.experiment().runItem(item, this);
        return context;
    }
}
