package dev.junitprompt.engine;

import java.util.Map;

import org.apiguardian.api.API;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;

import dev.junitprompt.api.Constants;
import dev.junitprompt.internal.Closest;
import dev.junitprompt.model.CacheMode;
import dev.junitprompt.model.ModelWarmUp;

/**
 * The {@code prompt-experiment} engine: each {@code @PromptExperiment} method becomes a container with
 * one test per dataset item and a final {@code thresholds} test.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class PromptExperimentTestEngine extends HierarchicalTestEngine<PromptEngineContext> {

    /** The engine id, as in unique ids and {@code junit.jupiter}-style configuration. */
    public static final String ENGINE_ID = "prompt-experiment";

    private final Map<String, String> environment;
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The engine as the platform loads it, reading credentials from the process environment. */
    public PromptExperimentTestEngine() {
        this(System.getenv());
    }

    /**
     * An engine reading credentials and provider settings ({@code OPENAI_API_KEY}, {@code LANGFUSE_*}…)
     * from {@code environment} instead of the process environment, for launching it programmatically.
     */
    public PromptExperimentTestEngine(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String getId() {
        return ENGINE_ID;
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        // First, before any JUnit API that differs between releases: a mixed class path fails with a reason.
        // Said on stderr too: build tools print only the launcher's "failed to discover tests" of the exception.
        JUnitVersions.mismatch(PromptExperimentTestEngine.class.getClassLoader()).ifPresent(problem -> {
            System.err.println("[prompt-experiment] " + problem);
            throw new IllegalStateException(problem);
        });
        EngineConfig config = EngineConfig.from(request.getConfigurationParameters(), environment);
        if (config.cacheMode() != CacheMode.REPLAY) {
            // The model clients' classes load on the other core while discovery reads the files.
            ModelWarmUp.start(config.environment());
        }
        PromptEngineDescriptor engine = new PromptEngineDescriptor(uniqueId);
        DiscoveryIssueReporter forwarding = DiscoveryIssueReporter.forwarding(request.getDiscoveryListener(), uniqueId);
        // Build tools discover twice (Surefire: once to find the test classes, once to run them): a warning is
        // said once per engine, an error every time, since it is what fails the run.
        DiscoveryIssueReporter issues = issue -> {
            if (issue.severity().compareTo(DiscoveryIssue.Severity.ERROR) >= 0
                    || warned.add(issue.message() + " @ " + issue.source().map(Object::toString).orElse(""))) {
                forwarding.reportIssue(issue);
            }
        };
        config.problems().forEach(problem -> issues.reportIssue(
                DiscoveryIssue.create(DiscoveryIssue.Severity.ERROR, "Configuration: " + problem)));
        EngineDiscoveryRequestResolver.<PromptEngineDescriptor>builder()
                .addClassContainerSelectorResolver(ExperimentSelectorResolver::hasExperiments)
                .addSelectorResolver(context -> new ExperimentSelectorResolver(config, issues))
                .build()
                .resolve(request, engine);
        warnOfUnknownItems(config, engine, issues);
        return engine;
    }

    /** {@code prompt.experiment.items} ids that no discovered experiment has: a typo, said with the closest ids. */
    private static void warnOfUnknownItems(EngineConfig config, TestDescriptor engine, DiscoveryIssueReporter issues) {
        if (config.items().isEmpty()) {
            return;
        }
        java.util.Set<String> known = new java.util.LinkedHashSet<>();
        engine.accept(descriptor -> {
            if (descriptor instanceof ExperimentDescriptor experiment) {
                experiment.plan().items().forEach(item -> known.add(item.id()));
            }
        });
        for (String id : config.items()) {
            if (!known.isEmpty() && !known.contains(id)) {
                issues.reportIssue(DiscoveryIssue.create(DiscoveryIssue.Severity.WARNING, Constants.ITEMS
                        + " names item '" + id + "', which no selected experiment's dataset has; closest: "
                        + Closest.to(id, known, 3)));
            }
        }
    }

    @Override
    protected PromptEngineContext createExecutionContext(ExecutionRequest request) {
        EngineConfig config = EngineConfig.from(request.getConfigurationParameters(), environment);
        return new PromptEngineContext(config, request.getEngineExecutionListener());
    }
}
