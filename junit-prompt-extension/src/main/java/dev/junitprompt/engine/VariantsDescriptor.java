package dev.junitprompt.engine;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.Threshold;
import dev.junitprompt.run.RunBudget;

/**
 * An experiment with several targets or models: a container of one variant per target and model (each an
 * experiment of its own, {@code [experiment:m]/[variant:<name>]/[item:…]}) and a last {@code comparison} test that
 * sets each variant beside the first. The variants start together within one budget (the experiment's concurrency), which interleaves
 * their items, so none gets a warmer cache or a quieter provider.
 */
final class VariantsDescriptor extends AbstractTestDescriptor implements Node<PromptEngineContext> {

    static final String VARIANT_SEGMENT = "variant";

    private final Class<?> testClass;
    private final Method method;
    private final List<Variant> variants;
    private final String name;
    /** The variants' shared budget, while they run. */
    private volatile RunBudget budget;

    /**
     * One variant: a target on a model.
     *
     * @param target the target, empty for a task method
     * @param model  a named {@code @PromptModel}, empty for the class's or the target's model
     * @param name   its name in ids, reports and folders: the target, the model when only models vary, or
     *               {@code <target> · <model>} when both do
     */
    record Variant(String target, String model, String name) {
    }

    VariantsDescriptor(UniqueId uniqueId, Class<?> testClass, Method method) {
        super(uniqueId, displayName(method), MethodSource.from(testClass, method));
        this.testClass = testClass;
        this.method = method;
        PromptExperiment annotation = method.getAnnotation(PromptExperiment.class);
        this.variants = variantsOf(annotation);
        this.name = annotation.name().isBlank() ? method.getName() : annotation.name();
    }

    /** Each target on each model, in that order: the first is the reference. */
    static List<Variant> variantsOf(PromptExperiment annotation) {
        List<String> targets = annotation.target().length == 0 ? List.of("") : List.of(annotation.target());
        List<String> models = annotation.models().length == 0 ? List.of("") : List.of(annotation.models());
        List<Variant> variants = new java.util.ArrayList<>();
        for (String target : targets) {
            for (String model : models) {
                variants.add(new Variant(target, model, models.size() == 1 ? target : targets.size() == 1 ? model
                        : target + " · " + model));
            }
        }
        return variants;
    }

    private static String displayName(Method method) {
        PromptExperiment annotation = method.getAnnotation(PromptExperiment.class);
        String name = annotation.name().isBlank() ? method.getName() : annotation.name();
        return name + " [" + annotation.dataset() + " ▸ " + String.join(" | ", variantsOf(annotation).stream()
                .map(Variant::name).toList()) + "]";
    }

    /** Whether a method's experiment has several targets or models, so it is one of these. */
    static boolean hasVariants(Method method) {
        return variantsOf(method.getAnnotation(PromptExperiment.class)).size() > 1;
    }

    Class<?> testClass() {
        return testClass;
    }

    Method method() {
        return method;
    }

    String name() {
        return name;
    }

    /** The variants' names, the first being the reference the others are compared with. */
    List<String> names() {
        return variants.stream().map(Variant::name).toList();
    }

    /** The {@code @Threshold}s that bound one variant against another. */
    List<Threshold> relativeThresholds() {
        return org.junit.platform.commons.support.AnnotationSupport.findRepeatableAnnotations(method, Threshold.class)
                .stream().filter(threshold -> !threshold.notWorseThan().isBlank()).toList();
    }

    /** The variants' ids, then the comparison's. */
    List<UniqueId> childIds() {
        List<UniqueId> ids = new java.util.ArrayList<>();
        names().forEach(variant -> ids.add(getUniqueId().append(VARIANT_SEGMENT, variant)));
        ids.add(getUniqueId().append(ComparisonDescriptor.SEGMENT, ComparisonDescriptor.SEGMENT));
        return ids;
    }

    /** The variant experiments that were resolved, in target order. */
    List<ExperimentDescriptor> variants() {
        return getChildren().stream().filter(ExperimentDescriptor.class::isInstance)
                .map(ExperimentDescriptor.class::cast).toList();
    }

    /** The variant named {@code name}, planned once. */
    Optional<ExperimentDescriptor> variant(String name, EngineConfig config) {
        Optional<Variant> variant = variants.stream().filter(candidate -> candidate.name().equals(name)).findFirst();
        if (variant.isEmpty()) {
            return Optional.empty();
        }
        UniqueId id = getUniqueId().append(VARIANT_SEGMENT, name);
        Optional<? extends TestDescriptor> existing = findByUniqueId(id);
        if (existing.isPresent()) {
            return existing.map(ExperimentDescriptor.class::cast);
        }
        ExperimentPlan plan = ExperimentPlan.create(testClass, method, config, variant.get().target(),
                variant.get().model(), name);
        return Optional.of(new ExperimentDescriptor(id, plan, name));
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    /** The variants start together within one budget (the experiment's concurrency), which interleaves them. */
    @Override
    public PromptEngineContext before(PromptEngineContext context) {
        List<ExperimentDescriptor> variants = variants();
        int runs = variants.stream().mapToInt(variant -> variant.runs().size()).sum();
        budget = RunBudget.held(name, Math.min(runs, ExperimentExecution.concurrency(method.getAnnotation(
                PromptExperiment.class), context.config())));
        try {
            return ExperimentDescriptor.startTogether(variants, context, Optional.of(budget));
        } finally {
            // Every variant handed its items in: their first items start together, then their second, …
            budget.open();
        }
    }

    /** Every variant finished: the budget's threads go. */
    @Override
    public void after(PromptEngineContext context) {
        if (budget != null) {
            budget.close();
        }
    }
}
