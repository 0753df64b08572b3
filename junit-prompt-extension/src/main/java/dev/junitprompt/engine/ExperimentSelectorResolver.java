package dev.junitprompt.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.engine.support.discovery.SelectorResolver.Resolution.unresolved;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.SelectorResolver;

import dev.junitprompt.api.PromptExperiment;


/**
 * Resolves class, method and unique-id selectors into the tree class → experiment → item /
 * thresholds. Packages and classpath roots arrive here as class selectors.
 */
final class ExperimentSelectorResolver implements SelectorResolver {

    private final EngineConfig config;
    private final DiscoveryIssueReporter issues;

    ExperimentSelectorResolver(EngineConfig config, DiscoveryIssueReporter issues) {
        this.config = config;
        this.issues = issues;
    }

    static boolean hasExperiments(Class<?> type) {
        return !type.isAnnotation() && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())
                && !experimentMethods(type).isEmpty();
    }

    static List<Method> experimentMethods(Class<?> type) {
        return ReflectionSupport.findMethods(type,
                method -> AnnotationSupport.isAnnotated(method, PromptExperiment.class), HierarchyTraversalMode.TOP_DOWN);
    }

    @Override
    public Resolution resolve(ClassSelector selector, Context context) {
        return resolveClass(selector.getJavaClass(), context);
    }

    @Override
    public Resolution resolve(MethodSelector selector, Context context) {
        Method method = selector.getJavaMethod();
        if (!AnnotationSupport.isAnnotated(method, PromptExperiment.class)) {
            return unresolved();
        }
        Class<?> testClass = selector.getJavaClass();
        return context.addToParent(() -> selectClass(testClass), parent -> node(parent, testClass, method))
                .map(this::matched).orElse(unresolved());
    }

    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        UniqueId id = selector.getUniqueId();
        UniqueId.Segment last = id.getLastSegment();
        UniqueId parentId = id.removeLastSegment();
        switch (last.getType()) {
            case TestClassDescriptor.SEGMENT -> {
                return ReflectionSupport.tryToLoadClass(last.getValue()).toOptional()
                        .map(type -> resolveClass(type, context)).orElse(unresolved());
            }
            case ExperimentDescriptor.SEGMENT -> {
                Optional<TestDescriptor> experiment = context.addToParent(() -> selectUniqueId(parentId),
                        parent -> parent instanceof TestClassDescriptor testClass
                                ? experimentMethods(testClass.testClass()).stream()
                                        .filter(method -> method.getName().equals(last.getValue())).findFirst()
                                        .flatMap(method -> node(parent, testClass.testClass(), method))
                                : Optional.empty());
                return experiment.map(this::matched).orElse(unresolved());
            }
            case VariantsDescriptor.VARIANT_SEGMENT -> {
                Optional<ExperimentDescriptor> variant = context.addToParent(() -> selectUniqueId(parentId),
                        parent -> parent instanceof VariantsDescriptor variants
                                ? variants.variant(last.getValue(), config).map(this::reported)
                                : Optional.empty());
                return variant.map(found -> Resolution.match(Match.exact(found, () -> itemSelectors(found))))
                        .orElse(unresolved());
            }
            case ComparisonDescriptor.SEGMENT -> {
                Optional<ComparisonDescriptor> comparison = context.addToParent(() -> selectUniqueId(parentId),
                        parent -> parent instanceof VariantsDescriptor variants
                                ? Optional.of(variants.findByUniqueId(id).map(ComparisonDescriptor.class::cast)
                                        .orElseGet(() -> new ComparisonDescriptor(id, variants)))
                                : Optional.empty());
                return comparison.map(found -> Resolution.match(Match.exact(found))).orElse(unresolved());
            }
            case ItemDescriptor.SEGMENT, ThresholdsDescriptor.SEGMENT -> {
                Optional<TestDescriptor> child = context.addToParent(() -> selectUniqueId(parentId), parent ->
                        parent instanceof ExperimentDescriptor experiment
                                ? experiment.createChild(last, issues)
                                : Optional.empty());
                return child.map(found -> Resolution.match(found instanceof ItemContainerDescriptor container
                        ? Match.exact(container, () -> repetitionSelectors(container))
                        : Match.exact(found))).orElse(unresolved());
            }
            case ItemDescriptor.REPETITION_SEGMENT -> {
                Optional<TestDescriptor> repetition = context.addToParent(() -> selectUniqueId(parentId), parent ->
                        parent instanceof ItemContainerDescriptor container
                                && container.getParent().orElse(null) instanceof ExperimentDescriptor experiment
                                ? experiment.createRepetition(container, last.getValue())
                                : Optional.empty());
                return repetition.map(found -> Resolution.match(Match.exact(found))).orElse(unresolved());
            }
            default -> {
                return unresolved();
            }
        }
    }

    private Resolution resolveClass(Class<?> type, Context context) {
        if (!hasExperiments(type)) {
            return unresolved();
        }
        return context.addToParent(parent -> Optional.of(new TestClassDescriptor(
                        parent.getUniqueId().append(TestClassDescriptor.SEGMENT, type.getName()), type)))
                .map(descriptor -> Resolution.match(Match.exact(descriptor, () -> methodSelectors(type))))
                .orElse(unresolved());
    }

    private static Set<DiscoverySelector> methodSelectors(Class<?> type) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        experimentMethods(type).forEach(method -> selectors.add(selectMethod(type, method)));
        return selectors;
    }

    /** A matched experiment node: its items and thresholds, or for variants its variants and comparison. */
    private Resolution matched(TestDescriptor node) {
        if (node instanceof VariantsDescriptor variants) {
            return Resolution.match(Match.exact(variants, () -> {
                Set<DiscoverySelector> selectors = new LinkedHashSet<>();
                variants.childIds().forEach(id -> selectors.add(selectUniqueId(id)));
                return selectors;
            }));
        }
        ExperimentDescriptor experiment = (ExperimentDescriptor) node;
        return Resolution.match(Match.exact(experiment, () -> itemSelectors(experiment)));
    }

    /** The node of an experiment method: one experiment, or with several targets a container of variants. */
    private Optional<TestDescriptor> node(TestDescriptor parent, Class<?> testClass, Method method) {
        if (!VariantsDescriptor.hasVariants(method)) {
            return experiment(parent, testClass, method).map(TestDescriptor.class::cast);
        }
        UniqueId id = parent.getUniqueId().append(ExperimentDescriptor.SEGMENT, method.getName());
        Optional<? extends TestDescriptor> existing = parent.findByUniqueId(id);
        if (existing.isPresent()) {
            return existing.map(TestDescriptor.class::cast);
        }
        return Optional.of(new VariantsDescriptor(id, testClass, method));
    }

    /** A variant's discovery problems and warnings, as for an experiment. */
    private ExperimentDescriptor reported(ExperimentDescriptor variant) {
        Class<?> testClass = variant.plan().testClass();
        Method method = variant.plan().method();
        variant.plan().problem().ifPresent(problem -> issues.reportIssue(DiscoveryIssue.builder(
                DiscoveryIssue.Severity.WARNING, problem.getMessage()).source(MethodSource.from(testClass, method))));
        variant.plan().warnings().forEach(warning -> issues.reportIssue(DiscoveryIssue.builder(
                DiscoveryIssue.Severity.WARNING, warning).source(MethodSource.from(testClass, method))));
        return variant;
    }

    private Optional<ExperimentDescriptor> experiment(TestDescriptor parent, Class<?> testClass, Method method) {
        UniqueId id = parent.getUniqueId().append(ExperimentDescriptor.SEGMENT, method.getName());
        // The same experiment may be reached by method and unique-id selectors: plan it once.
        Optional<ExperimentDescriptor> existing = parent.findByUniqueId(id).map(ExperimentDescriptor.class::cast);
        if (existing.isPresent()) {
            return existing;
        }
        List<Method> sameName = experimentMethods(testClass).stream()
                .filter(other -> other.getName().equals(method.getName())).toList();
        // An experiment's unique id is its method's name: overloads would share one, and one be dropped.
        ExperimentPlan plan = sameName.size() == 1 ? ExperimentPlan.create(testClass, method, config)
                : ExperimentPlan.invalid(testClass, method, new ExperimentConfigurationException("Experiment "
                        + testClass.getSimpleName() + "#" + method.getName() + ": " + sameName.size()
                        + " @PromptExperiment methods are named '" + method.getName() + "' ("
                        + sameName.stream().map(ExperimentSelectorResolver::signature)
                                .collect(java.util.stream.Collectors.joining(", "))
                        + "); an experiment is known by its method's name, so give each its own"));
        ExperimentDescriptor experiment = new ExperimentDescriptor(id, plan);
        String where = "Experiment " + testClass.getSimpleName() + "#" + method.getName();
        experiment.plan().problem().ifPresent(problem -> issues.reportIssue(DiscoveryIssue.builder(
                DiscoveryIssue.Severity.WARNING, problem.getMessage().startsWith(where) ? problem.getMessage()
                        : where + ": " + problem.getMessage()).source(MethodSource.from(testClass, method))));
        experiment.plan().warnings().forEach(warning -> issues.reportIssue(DiscoveryIssue.builder(
                DiscoveryIssue.Severity.WARNING, warning).source(MethodSource.from(testClass, method))));
        return Optional.of(experiment);
    }

    /** {@code greet(String)}. */
    private static String signature(Method method) {
        return method.getName() + "(" + java.util.Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    private Set<DiscoverySelector> itemSelectors(ExperimentDescriptor experiment) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        experiment.childIds(config.items(), Rerun.of(config, experiment.plan().name()), config.shard(),
                config.sampling()).forEach(id -> selectors.add(selectUniqueId(id)));
        return selectors;
    }

    private static Set<DiscoverySelector> repetitionSelectors(ItemContainerDescriptor container) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        ExperimentDescriptor experiment = (ExperimentDescriptor) container.getParent().orElseThrow();
        experiment.repetitionIds(container).forEach(id -> selectors.add(selectUniqueId(id)));
        return selectors;
    }
}
