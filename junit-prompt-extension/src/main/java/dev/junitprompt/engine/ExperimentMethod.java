package dev.junitprompt.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptModel;
import dev.junitprompt.api.PromptResult;
import dev.langchain4j.model.chat.ChatModel;

/**
 * The {@code @PromptExperiment} method and how to call it: as the task (it returns the output) or as
 * extra checks on a target's result (it returns nothing). Parameters are injected by type
 * ({@link DatasetItem}, {@link PromptResult}, and for a task the recording {@link ChatModel}) or, for
 * anything else, by name from the item's inputs.
 */
final class ExperimentMethod {

    private final Method method;
    private final List<Parameter> parameters;

    private ExperimentMethod(Method method) {
        this.method = method;
        this.parameters = List.of(method.getParameters());
        method.setAccessible(true);
    }

    /**
     * @throws ExperimentConfigurationException naming the parameter when one cannot be injected
     */
    static ExperimentMethod of(Method method, boolean hasTarget, List<DatasetItem> items) {
        String where = "@PromptExperiment method " + method.getDeclaringClass().getSimpleName() + "#" + method.getName();
        boolean task = method.getReturnType() != void.class;
        if (task && hasTarget) {
            throw new ExperimentConfigurationException(where + " returns a value and also names a target: either the "
                    + "method is the task (remove target) or it checks the target's output (return void)");
        }
        if (!task && !hasTarget) {
            throw new ExperimentConfigurationException(where + " names no target and returns nothing: set target = "
                    + "\"<name under targets/>\", or return the output so the method itself is the task");
        }
        for (Parameter parameter : method.getParameters()) {
            Class<?> type = parameter.getType();
            if (type == DatasetItem.class) {
                continue;
            }
            if (type == ChatModel.class) {
                if (!task) {
                    throw new ExperimentConfigurationException(where + " checks a target's output, so it gets no "
                            + "ChatModel: parameter '" + parameter.getName() + "' is only for task methods");
                }
                if (AnnotationSupport.findAnnotatedFields(method.getDeclaringClass(), PromptModel.class).isEmpty()
                        && AnnotationSupport.findAnnotatedMethods(method.getDeclaringClass(), PromptModel.class,
                                HierarchyTraversalMode.TOP_DOWN).isEmpty()) {
                    throw new ExperimentConfigurationException(where + " takes a ChatModel, but "
                            + method.getDeclaringClass().getSimpleName() + " has no @PromptModel to supply it; add a "
                            + "static @PromptModel method returning the model the task should use");
                }
                continue;
            }
            if (type == PromptResult.class) {
                if (task) {
                    throw new ExperimentConfigurationException(where + " is the task, so it has no PromptResult "
                            + "to take yet: parameter '" + parameter.getName() + "' is not supported; take the "
                            + "DatasetItem or input fields instead");
                }
                continue;
            }
            if (!parameter.isNamePresent()) {
                throw new ExperimentConfigurationException(where + ": parameter " + parameter.getName() + " of type "
                        + type.getSimpleName() + " is injected by name from the item's inputs, but the class was "
                        + "compiled without -parameters (enable it in maven-compiler-plugin), or take a DatasetItem");
            }
            boolean known = items.isEmpty() || items.stream()
                    .anyMatch(item -> !item.inputNode(parameter.getName()).isMissingNode());
            if (!known) {
                throw new ExperimentConfigurationException(where + ": parameter '" + parameter.getName() + "' of type "
                        + type.getSimpleName() + " is not supported: it is neither a DatasetItem, a PromptResult, a ChatModel nor "
                        + "an input of dataset '" + items.get(0).dataset() + "' (inputs: "
                        + fieldNames(items.get(0).inputs()) + ")");
            }
        }
        return new ExperimentMethod(method);
    }

    Method method() {
        return method;
    }

    boolean isTask() {
        return method.getReturnType() != void.class;
    }

    boolean checksResult() {
        return !isTask() && !parameters.isEmpty();
    }

    /** Calls the method; exceptions it throws come out as they are. */
    Object invoke(Object instance, DatasetItem item, PromptResult result, ChatModel model) throws Throwable {
        Object[] arguments = new Object[parameters.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = parameters.get(i).getType() == ChatModel.class ? model : argument(parameters.get(i), item, result);
        }
        try {
            return method.invoke(java.lang.reflect.Modifier.isStatic(method.getModifiers()) ? null : instance,
                    arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object argument(Parameter parameter, DatasetItem item, PromptResult result) {
        Class<?> type = parameter.getType();
        if (type == DatasetItem.class) {
            return item;
        }
        if (type == PromptResult.class) {
            return result;
        }
        JsonNode input = item.inputNode(parameter.getName());
        if (input.isMissingNode()) {
            throw new IllegalArgumentException("Item '" + item.id() + "' has no input '" + parameter.getName()
                    + "' for parameter '" + parameter.getName() + "' of " + method.getName() + "; its inputs are "
                    + fieldNames(item.inputs()));
        }
        if (type == String.class) {
            return input.isTextual() ? input.textValue() : input.toString();
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return input;
        }
        try {
            return Json.MAPPER.convertValue(input, Json.MAPPER.getTypeFactory().constructType(parameter.getParameterizedType()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Input '" + parameter.getName() + "' of item '" + item.id() + "' ("
                    + input + ") cannot be converted to " + parameter.getParameterizedType().getTypeName()
                    + " for parameter '" + parameter.getName() + "' of " + method.getName(), e);
        }
    }

    /** A task's return value as output text: strings as they are, anything else as JSON. */
    String outputText(Object value, DatasetItem item) throws Exception {
        if (value == null) {
            throw new IllegalStateException("Task method " + method.getName() + " returned null for item '"
                    + item.id() + "'; return the output");
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return Json.MAPPER.writeValueAsString(value);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Made when an item runs, not when discovery plans the method (see {@link dev.junitprompt.internal.JsonTrees}). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
