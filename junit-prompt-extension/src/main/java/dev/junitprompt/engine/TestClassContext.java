package dev.junitprompt.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.EvaluatorSource;
import dev.junitprompt.api.JudgeModel;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.PromptModel;
import dev.junitprompt.api.RunEvaluator;
import dev.langchain4j.model.chat.ChatModel;

/**
 * A test class prepared for its experiments: one instance (as JUnit Jupiter makes per class here, since
 * items share it), its {@code @PromptModel}, and its {@code @EvaluatorSource} evaluators with the
 * experiments each applies to.
 */
record TestClassContext(Object instance, Optional<ChatModel> model, Optional<ChatModel> judgeModel,
        List<SourcedEvaluator> evaluators, java.util.Map<String, ChatModel> namedModels) {

    /**
     * An evaluator from an {@code @EvaluatorSource}.
     *
     * @param experiments the experiments it applies to; every one when empty
     */
    /** An evaluator of items or of the run ({@link RunEvaluator}), for the experiments it names (all when none). */
    record SourcedEvaluator(Set<String> experiments, Object evaluator) {

        boolean appliesTo(String name, String method) {
            return experiments.isEmpty() || experiments.contains(name) || experiments.contains(method);
        }
    }

    /** The class's evaluators that apply to the experiment named {@code name} of method {@code method}. */
    List<Evaluator> evaluatorsFor(String name, String method) {
        return evaluators.stream().filter(sourced -> sourced.appliesTo(name, method))
                .map(SourcedEvaluator::evaluator).filter(Evaluator.class::isInstance).map(Evaluator.class::cast)
                .toList();
    }

    /** The class's run evaluators that apply to the experiment. */
    List<RunEvaluator> runEvaluatorsFor(String name, String method) {
        return evaluators.stream().filter(sourced -> sourced.appliesTo(name, method))
                .map(SourcedEvaluator::evaluator).filter(RunEvaluator.class::isInstance).map(RunEvaluator.class::cast)
                .toList();
    }

    static TestClassContext create(Class<?> testClass) {
        Object instance;
        try {
            instance = ReflectionSupport.newInstance(testClass);
        } catch (RuntimeException e) {
            throw new ExperimentConfigurationException("Cannot create an instance of " + testClass.getName()
                    + ": a prompt test class needs a no-argument constructor (" + e + ")", e);
        }
        java.util.Map<String, ChatModel> named = new java.util.LinkedHashMap<>();
        modelNames(testClass).forEach((name, member) -> named.put(name, chatModel(value(member, instance),
                "@PromptModel(\"" + name + "\")", testClass)));
        return new TestClassContext(instance, model(testClass, instance, PromptModel.class),
                model(testClass, instance, JudgeModel.class), evaluators(testClass, instance), named);
    }

    /**
     * The class's named {@code @PromptModel} members, by name: what {@code @PromptExperiment(models = …)} names.
     *
     * @throws ExperimentConfigurationException when two share a name
     */
    static java.util.Map<String, java.lang.reflect.Member> modelNames(Class<?> testClass) {
        java.util.Map<String, java.lang.reflect.Member> named = new java.util.LinkedHashMap<>();
        Stream.concat(AnnotationSupport.findAnnotatedFields(testClass, PromptModel.class).stream(),
                        AnnotationSupport.findAnnotatedMethods(testClass, PromptModel.class,
                                HierarchyTraversalMode.TOP_DOWN).stream())
                .map(java.lang.reflect.Member.class::cast).forEach(member -> {
                    String name = ((java.lang.reflect.AnnotatedElement) member).getAnnotation(PromptModel.class)
                            .value().strip();
                    if (!name.isEmpty() && named.putIfAbsent(name, member) != null) {
                        throw new ExperimentConfigurationException(testClass.getName() + " has two @PromptModel(\""
                                + name + "\") members, " + String.join(" and ", java.util.stream.Stream.of(named.get(
                                        name).getName(), member.getName()).sorted().toList())
                                + "; give each model a name of its own");
                    }
                });
        return named;
    }

    /** The model a {@code @PromptModel} or {@code @JudgeModel} member supplies. */
    private static Optional<ChatModel> model(Class<?> testClass, Object instance,
            Class<? extends java.lang.annotation.Annotation> annotation) {
        String marker = "@" + annotation.getSimpleName();
        // Named models are variants' (see modelNames): the class's model is its one unnamed member.
        List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, annotation).stream()
                .filter(field -> unnamed(field, annotation)).toList();
        List<Method> methods = AnnotationSupport.findAnnotatedMethods(testClass, annotation,
                HierarchyTraversalMode.TOP_DOWN).stream().filter(method -> unnamed(method, annotation)).toList();
        if (fields.size() + methods.size() > 1) {
            throw new ExperimentConfigurationException(testClass.getName() + " has " + (fields.size() + methods.size())
                    + " " + marker + " members; keep one");
        }
        Stream<Object> values = Stream.concat(
                fields.stream().map(field -> ReflectionSupport.tryToReadFieldValue(field, target(field, instance))
                        .getOrThrow(e -> new ExperimentConfigurationException("Cannot read " + marker + " field "
                                + field.getName() + ": " + e, e))),
                methods.stream().map(method -> ReflectionSupport.invokeMethod(method, target(method, instance))));
        return values.findFirst().map(value -> chatModel(value, marker, testClass));
    }

    private static boolean unnamed(java.lang.reflect.AnnotatedElement member,
            Class<? extends java.lang.annotation.Annotation> annotation) {
        return !(member.getAnnotation(annotation) instanceof PromptModel model) || model.value().isBlank();
    }

    private static Object value(java.lang.reflect.Member member, Object instance) {
        if (member instanceof Field field) {
            return ReflectionSupport.tryToReadFieldValue(field, target(field, instance)).getOrThrow(e ->
                    new ExperimentConfigurationException("Cannot read @PromptModel field " + field.getName() + ": "
                            + e, e));
        }
        Method method = (Method) member;
        return ReflectionSupport.invokeMethod(method, target(method, instance));
    }

    private static ChatModel chatModel(Object value, String marker, Class<?> testClass) {
        if (value instanceof ChatModel model) {
            return model;
        }
        throw new ExperimentConfigurationException(marker + " of " + testClass.getName() + " must be a "
                + "LangChain4j ChatModel but is " + (value == null ? "null" : value.getClass().getName()));
    }

    private static List<SourcedEvaluator> evaluators(Class<?> testClass, Object instance) {
        Set<String> experimentNames = new LinkedHashSet<>();
        for (Method experiment : ExperimentSelectorResolver.experimentMethods(testClass)) {
            experimentNames.add(experiment.getName());
            AnnotationSupport.findAnnotation(experiment, PromptExperiment.class)
                    .filter(annotation -> !annotation.name().isBlank()).ifPresent(annotation -> experimentNames.add(
                            annotation.name()));
        }
        List<SourcedEvaluator> evaluators = new ArrayList<>();
        for (Method method : AnnotationSupport.findAnnotatedMethods(testClass, EvaluatorSource.class,
                HierarchyTraversalMode.TOP_DOWN)) {
            String where = "@EvaluatorSource " + testClass.getSimpleName() + "#" + method.getName();
            Set<String> scope = new LinkedHashSet<>(List.of(method.getAnnotation(EvaluatorSource.class).value()));
            for (String experiment : scope) {
                if (!experimentNames.contains(experiment)) {
                    throw new ExperimentConfigurationException(where + " names experiment '" + experiment
                            + "', which " + testClass.getSimpleName() + " does not have; its experiments: "
                            + experimentNames);
                }
            }
            Object value = ReflectionSupport.invokeMethod(method, target(method, instance));
            List<Object> found = new ArrayList<>();
            if (value instanceof Evaluator || value instanceof RunEvaluator) {
                found.add(value);
            } else if (value instanceof Collection<?> collection) {
                collection.forEach(element -> found.add(evaluator(element, where)));
            } else if (value instanceof Object[] array) {
                Arrays.stream(array).forEach(element -> found.add(evaluator(element, where)));
            } else if (value instanceof Stream<?> stream) {
                stream.forEach(element -> found.add(evaluator(element, where)));
            } else {
                throw new ExperimentConfigurationException(where + " must return an Evaluator (or RunEvaluator) or a "
                        + "Collection, array or Stream of them, but returned "
                        + (value == null ? "null" : value.getClass().getName()));
            }
            found.forEach(evaluator -> evaluators.add(new SourcedEvaluator(Set.copyOf(scope), evaluator)));
        }
        return evaluators;
    }

    private static Object evaluator(Object element, String where) {
        if (element instanceof Evaluator || element instanceof RunEvaluator) {
            return element;
        }
        throw new ExperimentConfigurationException(where + " returned " + element
                + ", which is neither an Evaluator nor a RunEvaluator");
    }

    private static Object target(java.lang.reflect.Member member, Object instance) {
        return Modifier.isStatic(member.getModifiers()) ? null : instance;
    }
}
