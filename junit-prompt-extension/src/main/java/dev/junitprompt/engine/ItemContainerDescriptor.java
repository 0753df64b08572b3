package dev.junitprompt.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.junitprompt.api.DatasetItem;

/** An item that runs several times: a container of its repetitions, {@code case-001 [1/3]} …. */
final class ItemContainerDescriptor extends AbstractTestDescriptor implements Node<PromptEngineContext> {

    private final DatasetItem item;

    ItemContainerDescriptor(UniqueId uniqueId, ExperimentPlan plan, DatasetItem item) {
        super(uniqueId, item.displayName(), MethodSource.from(plan.testClass(), plan.method()));
        this.item = item;
    }

    DatasetItem item() {
        return item;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
