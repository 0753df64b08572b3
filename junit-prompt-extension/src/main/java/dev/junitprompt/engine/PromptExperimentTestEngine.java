package dev.junitprompt.engine;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;

/**
 * The {@code prompt-experiment} engine: each {@code @PromptExperiment} method becomes a container with
 * one test per dataset item and a final {@code thresholds} test.
 */
public final class PromptExperimentTestEngine extends HierarchicalTestEngine<PromptEngineContext> {

    /** The engine id, as in unique ids and {@code junit.jupiter}-style configuration. */
    public static final String ENGINE_ID = "prompt-experiment";

    @Override
    public String getId() {
        return ENGINE_ID;
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineConfig config = EngineConfig.from(request.getConfigurationParameters(), System.getenv());
        EngineDescriptor engine = new EngineDescriptor(uniqueId, "Prompt experiments");
        DiscoveryIssueReporter issues = DiscoveryIssueReporter.forwarding(request.getDiscoveryListener(), uniqueId);
        config.problems().forEach(problem -> issues.reportIssue(
                DiscoveryIssue.create(DiscoveryIssue.Severity.ERROR, "Configuration: " + problem)));
        EngineDiscoveryRequestResolver.<EngineDescriptor>builder()
                .addClassContainerSelectorResolver(ExperimentSelectorResolver::hasExperiments)
                .addSelectorResolver(context -> new ExperimentSelectorResolver(config, context.getIssueReporter()))
                .build()
                .resolve(request, engine);
        return engine;
    }

    @Override
    protected PromptEngineContext createExecutionContext(ExecutionRequest request) {
        EngineConfig config = EngineConfig.from(request.getConfigurationParameters(), System.getenv());
        return new PromptEngineContext(config, request.getEngineExecutionListener(), null, null);
    }
}
