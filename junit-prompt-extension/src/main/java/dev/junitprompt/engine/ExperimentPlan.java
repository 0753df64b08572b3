package dev.junitprompt.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.platform.commons.support.AnnotationSupport;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Evaluate;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.PromptModel;
import dev.junitprompt.api.Threshold;
import dev.junitprompt.backend.Backend;
import dev.junitprompt.dataset.Dataset;
import dev.junitprompt.dataset.DatasetException;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.eval.Evaluators;
import dev.junitprompt.target.PromptTarget;
import dev.junitprompt.target.TargetException;
import dev.junitprompt.target.TargetLoader;
import dev.junitprompt.target.TargetMetadata;
import dev.junitprompt.target.TemplateException;

/**
 * Everything about an experiment that can be known before it runs, checked at discovery: its dataset,
 * target, evaluators, thresholds and method. What is wrong is kept as {@link #problem()} so the
 * experiment's node fails with it while the others run.
 */
record ExperimentPlan(Class<?> testClass, Method method, PromptExperiment annotation, String name,
        Optional<Dataset> dataset, Optional<PromptTarget> target, List<Evaluator> evaluators,
        List<ExperimentThreshold> thresholds, ExperimentMethod experimentMethod, Optional<RuntimeException> problem,
        List<String> warnings, String model) {

    static ExperimentPlan create(Class<?> testClass, Method method, EngineConfig config) {
        PromptExperiment annotation = AnnotationSupport.findAnnotation(method, PromptExperiment.class).orElseThrow();
        return create(testClass, method, config, annotation.target().length == 0 ? "" : annotation.target()[0],
                annotation.models().length == 0 ? "" : annotation.models()[0], "");
    }

    /**
     * The plan of one target of the experiment; as a variant (of an experiment with several targets) it is named
     * {@code <experiment> · <target>}, so each variant has its own results, recordings and backend runs.
     */
    static ExperimentPlan create(Class<?> testClass, Method method, EngineConfig config, String targetName,
            String modelName, String variantName) {
        PromptExperiment annotation = AnnotationSupport.findAnnotation(method, PromptExperiment.class).orElseThrow();
        String experiment = annotation.name().isBlank() ? method.getName() : annotation.name();
        boolean variant = !variantName.isEmpty();
        String name = variant ? experiment + " · " + variantName : experiment;
        String where = "Experiment " + testClass.getSimpleName() + "#" + method.getName()
                + (variant ? " variant " + variantName : "");
        Optional<Dataset> dataset = Optional.empty();
        Optional<PromptTarget> target = Optional.empty();
        List<String> warnings = new ArrayList<>();
        try {
            if (annotation.dataset().isBlank()) {
                throw new ExperimentConfigurationException(where + ": @PromptExperiment needs a dataset name");
            }
            String source = source(annotation, config);
            Backend backend = config.registry().find(source).orElseThrow(() -> new ExperimentConfigurationException(
                    where + ": source '" + source + "' is none of the backends " + config.registry().names()));
            String version = datasetVersion(annotation, config, backend, where);
            DatasetSource datasets = backend.datasetSource(config.backendContext(source, List.of(annotation.splits()),
                    version))
                    .orElseThrow(() -> new ExperimentConfigurationException(where + ": backend '" + source
                            + "' serves no datasets; use a source that does"));
            List<String> key = List.of(source, annotation.dataset(), String.join(",", annotation.splits()), version);
            Dataset loaded = config.loadedDatasets().get(key);
            if (loaded == null) {
                loaded = datasets.load(annotation.dataset());
                config.loadedDatasets().put(key, loaded);
            }
            dataset = Optional.of(loaded);
            dataset.get().warnings().forEach(warning -> warnings.add(where + ": " + warning));
            target = onModel(target(targetName, config, where), testClass, modelName, where);
            modelWarning(testClass, target, modelName, where).ifPresent(warnings::add);
            List<Evaluator> evaluators = evaluators(method, target, where);
            checkNames(evaluators, where);
            validate(evaluators, dataset.get().items(), where);
            List<ExperimentThreshold> thresholds = AnnotationSupport
                    .findRepeatableAnnotations(method, Threshold.class).stream()
                    // Bounds between variants are the comparison test's, not each variant's.
                    .filter(threshold -> threshold.notWorseThan().isBlank())
                    .map(threshold -> ExperimentThreshold.of(threshold, where)).toList();
            checkRuns(annotation, where);
            // Without @EvaluatorSource every score is known now: a mistyped metric is said before anything runs.
            if (AnnotationSupport.findAnnotatedMethods(testClass, dev.junitprompt.api.EvaluatorSource.class,
                    org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN).isEmpty()) {
                checkMetrics(evaluators.stream().map(Evaluator::name).toList(), thresholds, where);
            }
            ExperimentMethod experimentMethod = ExperimentMethod.of(method, target.isPresent(), dataset.get().items());
            return new ExperimentPlan(testClass, method, annotation, name, dataset, target, evaluators,
                    thresholds, experimentMethod, Optional.empty(), warnings, modelName);
        } catch (DatasetException | TargetException | TemplateException | ExperimentConfigurationException e) {
            return failed(testClass, method, name, annotation, dataset, target, e, warnings);
        } catch (IllegalArgumentException e) {
            return failed(testClass, method, name, annotation, dataset, target,
                    new ExperimentConfigurationException(where + ": " + e.getMessage(), e), warnings);
        } catch (RuntimeException e) {
            // Whatever a file does to a parser, it costs only its own experiment, never discovery of the others.
            return failed(testClass, method, name, annotation, dataset, target, new ExperimentConfigurationException(
                    where + ": could not be planned (" + e + "); check its dataset and target files", e), warnings);
        }
    }

    /** No two of {@code evaluators} share a name: a score is known by it. */
    static void checkNames(List<Evaluator> evaluators, String where) {
        List<String> names = evaluators.stream().map(Evaluator::name).toList();
        List<String> shared = names.stream().filter(name -> java.util.Collections.frequency(names, name) > 1)
                .distinct().toList();
        if (!shared.isEmpty()) {
            throw new ExperimentConfigurationException(where + ": several evaluators are named " + shared
                    + "; a score is known by its name, so give each its own: Evaluators.regex(…).named(\"no_refund\")");
        }
    }

    /** Every {@code @Threshold} metric is the score of one of {@code evaluators}; else the closest is named. */
    static void checkMetrics(List<String> scoreNames, List<ExperimentThreshold> thresholds, String where) {
        List<String> scores = scoreNames.stream().distinct().toList();
        for (ExperimentThreshold threshold : thresholds) {
            if (!threshold.metric().isBlank() && !scores.contains(threshold.metric())) {
                throw new ExperimentConfigurationException(where + ": @Threshold metric '" + threshold.metric()
                        + "' is not a score of any evaluator; its evaluators: " + scores + "; closest: "
                        + dev.junitprompt.internal.Closest.to(threshold.metric(), scores, 1));
            }
        }
    }

    /** Every evaluator can score every item (the fields its arguments name exist), before any model is paid. */
    static void validate(List<Evaluator> evaluators, List<DatasetItem> items, String where) {
        for (Evaluator evaluator : evaluators) {
            for (DatasetItem item : items) {
                try {
                    evaluator.validate(item);
                } catch (IllegalArgumentException e) {
                    throw new ExperimentConfigurationException(where + ": evaluator " + evaluator.name() + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * What a reader should know of the model a prompt target will run on: that the class's
     * {@code @PromptModel} replaces the one its metadata names (its parameters still apply), or that it
     * names none and gets the default.
     */
    private static Optional<String> modelWarning(Class<?> testClass, Optional<PromptTarget> target, String modelName,
            String where) {
        if (target.isEmpty()) {
            return Optional.empty();
        }
        TargetMetadata metadata = target.get().metadata();
        String model = metadata.model().provider() + " " + metadata.model().name();
        // A named model answers the experiments that name it; the unnamed one all others.
        boolean classModel = !modelName.isEmpty() ? TestClassContext.modelNames(testClass).containsKey(modelName)
                : Stream.concat(
                AnnotationSupport.findAnnotatedFields(testClass, PromptModel.class).stream(),
                AnnotationSupport.findAnnotatedMethods(testClass, PromptModel.class,
                        org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN).stream())
                .anyMatch(member -> member.getAnnotation(PromptModel.class).value().isBlank());
        if (classModel && metadata.modelDeclared()) {
            return Optional.of(where + ": the class's @PromptModel" + (modelName.isEmpty() ? ""
                    : "(\"" + modelName + "\")") + " answers instead of the model target '"
                    + target.get().name() + "' names (" + model + ")" + (metadata.model().parameters().isEmpty() ? ""
                            : "; the target's parameters " + metadata.model().parameters() + " still apply"));
        }
        if (!classModel && !metadata.modelDeclared()) {
            return Optional.of(where + ": target '" + target.get().name() + "' names no model (" + target.get().origin()
                    + "), so it runs on " + model + "; name one in its .metadata.yaml: "
                    + "model: {provider: openai, name: gpt-4o-mini}");
        }
        return Optional.empty();
    }

    /**
     * The target an experiment names: {@code <backend>:<reference>} is a prompt that backend serves
     * ({@code langfuse:prep_generate@staging}), anything else a folder under the targets directory.
     */
    private static Optional<PromptTarget> target(String name, EngineConfig config, String where) {
        if (name.isBlank()) {
            return Optional.empty();
        }
        int colon = name.indexOf(':');
        Optional<Backend> backend = colon > 0 ? config.registry().find(name.substring(0, colon)) : Optional.empty();
        if (backend.isEmpty()) {
            return Optional.of(new TargetLoader(config.targetsDir()).load(name));
        }
        String backendName = backend.get().name();
        return Optional.of(backend.get().target(name.substring(colon + 1), config.backendContext(backendName))
                .orElseThrow(() -> new ExperimentConfigurationException(where + ": target '" + name + "' names backend '"
                        + backendName + "', which serves no prompts")));
    }

    /** A plan that cannot run: its experiment fails with {@code problem}, the others run. */
    static ExperimentPlan invalid(Class<?> testClass, Method method, RuntimeException problem) {
        PromptExperiment annotation = AnnotationSupport.findAnnotation(method, PromptExperiment.class).orElseThrow();
        String name = annotation.name().isBlank() ? method.getName() : annotation.name();
        return failed(testClass, method, name, annotation, Optional.empty(), Optional.empty(), problem, List.of());
    }

    private static ExperimentPlan failed(Class<?> testClass, Method method, String name, PromptExperiment annotation,
            Optional<Dataset> dataset, Optional<PromptTarget> target, RuntimeException problem, List<String> warnings) {
        return new ExperimentPlan(testClass, method, annotation, name, dataset, target, List.of(), List.of(),
                null, Optional.of(problem), warnings, "");
    }

    /**
     * The target on the model the experiment (or variant) names: a named {@code @PromptModel} of the class answers
     * instead of the target's model (the target stays as it is), else the target's {@code models:} entry of that
     * name replaces its model.
     */
    private static Optional<PromptTarget> onModel(Optional<PromptTarget> target, Class<?> testClass,
            String modelName, String where) {
        if (modelName.isEmpty()) {
            return target;
        }
        java.util.Set<String> named = TestClassContext.modelNames(testClass).keySet();
        if (named.contains(modelName)) {
            return target;
        }
        Optional<TargetMetadata.ModelSpec> listed = target.flatMap(found -> found.metadata().modelNamed(modelName));
        if (listed.isPresent()) {
            PromptTarget found = target.get();
            return Optional.of(new PromptTarget(found.name(), found.origin(), found.messages(),
                    found.metadata().onModel(listed.get()), found.version(), found.label()));
        }
        throw new ExperimentConfigurationException(where + ": models names '" + modelName + "', which is no "
                + "@PromptModel(\"" + modelName + "\") of " + testClass.getSimpleName() + (named.isEmpty() ? ""
                        : " (its named models: " + named + ")") + target.map(found -> " nor a model of target '"
                                + found.name() + "' (" + java.util.stream.Stream.concat(java.util.stream.Stream.of(
                                        found.metadata().model()), found.metadata().models().stream())
                                        .map(TargetMetadata.ModelSpec::name).toList() + ")").orElse("") + "; name a @PromptModel member so"
                + " (@PromptModel(\"" + modelName + "\")) or list it under models: in the target's .metadata.yaml");
    }
    private static void checkRuns(PromptExperiment annotation, String where) {
        if (annotation.repetitions() < 1) {
            throw new ExperimentConfigurationException(where + ": repetitions = " + annotation.repetitions()
                    + "; an item runs at least once");
        }
        if (annotation.concurrency() < 0) {
            throw new ExperimentConfigurationException(where + ": concurrency = " + annotation.concurrency()
                    + "; use 0 for the configured default or a positive number");
        }
        if (annotation.passRule() == PromptExperiment.PassRule.WILSON
                && !(annotation.passTarget() > 0 && annotation.passTarget() < 1)) {
            throw new ExperimentConfigurationException(where + ": passRule WILSON needs a passTarget between 0 and 1 "
                    + "(exclusive), such as 0.8, but passTarget = " + annotation.passTarget());
        }
        if (annotation.stopEarly() && annotation.passRule() != PromptExperiment.PassRule.WILSON) {
            throw new ExperimentConfigurationException(where + ": stopEarly = true needs passRule = WILSON, whose "
                    + "verdict can be clear before every repetition ran; passRule is " + annotation.passRule());
        }
        if (annotation.passRule() == PromptExperiment.PassRule.AT_LEAST
                && (annotation.atLeast() < 1 || annotation.atLeast() > annotation.repetitions())) {
            throw new ExperimentConfigurationException(where + ": passRule AT_LEAST needs atLeast between 1 and "
                    + "repetitions (" + annotation.repetitions() + ") but atLeast = " + annotation.atLeast());
        }
    }

    String datasetName() {
        return annotation.dataset();
    }

    /** The backend this experiment's dataset comes from. */
    String source(EngineConfig config) {
        return source(annotation, config);
    }

    /**
     * The version the experiment's dataset is pinned to: the annotation's, else the configured one, which is for the
     * sources that keep versions (local datasets are versioned by git).
     */
    private static String datasetVersion(PromptExperiment annotation, EngineConfig config, Backend backend,
            String where) {
        if (!annotation.datasetVersion().isBlank()) {
            if (!backend.versionsDatasets()) {
                throw new ExperimentConfigurationException(where + ": datasetVersion '" + annotation.datasetVersion()
                        + "' on " + backend.name() + " dataset '" + annotation.dataset() + "': the " + backend.name()
                        + " source keeps no dataset versions (local datasets are versioned by git); datasetVersion pins"
                        + " a Langfuse or LangSmith dataset (source = LANGFUSE or LANGSMITH)");
            }
            return annotation.datasetVersion().strip();
        }
        return backend.versionsDatasets() ? config.datasetVersion() : "";
    }

    private static String source(PromptExperiment annotation, EngineConfig config) {
        return annotation.source() == PromptExperiment.Source.DEFAULT ? config.source()
                : annotation.source().name().toLowerCase(java.util.Locale.ROOT);
    }

    int repetitions() {
        return annotation.repetitions();
    }

    /** The target's metadata evaluators, then the method's {@code @Evaluate}s. */
    private static List<Evaluator> evaluators(Method method, Optional<PromptTarget> target, String where) {
        List<Evaluator> evaluators = new ArrayList<>();
        for (TargetMetadata.EvaluatorSpec spec : target.map(t -> t.metadata().evaluators()).orElse(List.of())) {
            Evaluator evaluator = Evaluators.byName(spec.type(), spec.args());
            evaluators.add(Double.isNaN(spec.min()) ? evaluator : evaluator.min(spec.min()));
        }
        for (Evaluate evaluate : AnnotationSupport.findRepeatableAnnotations(method, Evaluate.class)) {
            if (!Double.isNaN(evaluate.min()) && !(evaluate.min() >= 0.0 && evaluate.min() <= 1.0)) {
                throw new ExperimentConfigurationException(where + ": @Evaluate(" + evaluate.value().getSimpleName()
                        + ") min = " + evaluate.min() + " is outside 0..1");
            }
            Evaluator evaluator = Evaluators.instantiate(evaluate.value(), evaluate.args());
            evaluators.add(Double.isNaN(evaluate.min()) ? evaluator : evaluator.min(evaluate.min()));
        }
        return evaluators;
    }

    List<DatasetItem> items() {
        return dataset.map(Dataset::items).orElse(List.of());
    }

    /** {@code prepGenerate [prep_generate ▸ prep_generate]}. */
    String displayName() {
        String task = target.map(PromptTarget::name).orElse(method.getName() + "()");
        return name + " [" + datasetName() + " ▸ " + task + "]";
    }

    /** The target's name, or {@code Class#method} when the method is the task. */
    String taskName() {
        return target.map(PromptTarget::name).orElse(testClass.getSimpleName() + "#" + method.getName());
    }
}
