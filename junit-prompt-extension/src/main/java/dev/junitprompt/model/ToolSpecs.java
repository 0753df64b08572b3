package dev.junitprompt.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ToolChoice;

/**
 * A call's tools as plain values, {@code tools: [{name, description, parameters}]} and {@code tool_choice: auto |
 * required | none}: so they are part of the recording key (a call offering tools and one that does not are different
 * calls) and come back from a recording as the ToolSpecifications a model takes.
 */
final class ToolSpecs {

    static final String TOOLS = "tools";
    static final String TOOL_CHOICE = "tool_choice";

    private ToolSpecs() {
    }

    /** The value of {@code specifications}, or {@code null} for none. */
    static List<Map<String, Object>> toValue(List<ToolSpecification> specifications) {
        if (specifications == null || specifications.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> tools = new ArrayList<>();
        for (ToolSpecification specification : specifications) {
            Map<String, Object> tool = new LinkedHashMap<>();
            tool.put("name", specification.name());
            if (specification.description() != null) {
                tool.put("description", specification.description());
            }
            if (specification.parameters() != null) {
                tool.put("parameters", JsonSchemas.toValue(specification.parameters()));
            }
            tools.add(tool);
        }
        return tools;
    }

    /** The ToolSpecifications a {@code tools} value stands for. */
    static List<ToolSpecification> fromValue(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new ModelException("Model parameter 'tools' must be a list of {name, description, parameters} but is "
                    + value);
        }
        List<ToolSpecification> specifications = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> tool) || !(tool.get("name") instanceof String name) || name.isBlank()) {
                throw new ModelException("Model parameter 'tools' has an entry without a 'name': " + element);
            }
            ToolSpecification.Builder builder = ToolSpecification.builder().name(name);
            if (tool.get("description") instanceof String description) {
                builder.description(description);
            }
            if (tool.get("parameters") instanceof Map<?, ?> parameters) {
                @SuppressWarnings("unchecked")
                Map<String, Object> schema = (Map<String, Object>) parameters;
                builder.parameters(JsonSchemas.objectFromValue(schema, "tool '" + name + "'"));
            } else if (tool.get("parameters") != null) {
                throw new ModelException("tool '" + name + "': 'parameters' must be a JSON Schema mapping but is "
                        + tool.get("parameters"));
            }
            specifications.add(builder.build());
        }
        return specifications;
    }

    static String toValue(ToolChoice choice) {
        return choice == null ? null : choice.name().toLowerCase(Locale.ROOT);
    }

    static ToolChoice choiceFromValue(Object value) {
        try {
            return ToolChoice.valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelException("Model parameter 'tool_choice' is '" + value + "'; use auto, required or none", e);
        }
    }
}
