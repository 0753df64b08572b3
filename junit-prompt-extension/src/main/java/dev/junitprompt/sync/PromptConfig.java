package dev.junitprompt.sync;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.backend.langfuse.LangfuseTargets;
import dev.junitprompt.target.TargetMetadata;

/**
 * How a target's {@code .metadata.yaml} maps onto the {@code config} of a Langfuse prompt, flat as Langfuse's own
 * examples write it:
 *
 * <pre>{@code
 * .metadata.yaml                              Langfuse prompt config
 * description: Generates a plan               {"description": "Generates a plan",
 * model:                                       "provider": "openai",
 *   provider: openai                           "model": "gpt-4o-mini",
 *   name: gpt-4o-mini                          "temperature": 0.2,
 *   parameters: {temperature: 0.2}             "output_format": "json",
 * output_format: json                          "supported_languages": ["en"]}
 * prompt_config: {supported_languages: [en]}
 * }</pre>
 *
 * <p>Only what the metadata states is sent (no defaults filled in), so pulling a prompt and pushing it back changes
 * nothing. {@code prompt_config} carries config keys junit-prompt does not use, as they are. Evaluators, prices and
 * the template syntax stay local: they are about the tests, not the prompt.
 */
@API(status = API.Status.INTERNAL)
public final class PromptConfig {

    /** The model parameters the engine understands; any other unknown config key is kept in {@code prompt_config}. */

    /** The metadata key holding extra config keys. */
    public static final String EXTRA_KEY = "prompt_config";

    private static final List<String> OWN_KEYS = List.of("model", "provider", "description", "output_format");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptConfig() {
    }

    /**
     * The config for a target.
     *
     * @param yaml     the target's {@code .metadata.yaml} as parsed (missing node when there is none): which keys are
     *                 stated
     * @param metadata the same file as {@link dev.junitprompt.target.TargetLoader} read and checked it: the values
     */
    static ObjectNode fromMetadata(JsonNode yaml, TargetMetadata metadata) {
        ObjectNode config = JSON.createObjectNode();
        JsonNode extra = yaml.path(EXTRA_KEY);
        if (extra.isObject()) {
            config.setAll((ObjectNode) extra);
        }
        JsonNode model = yaml.path("model");
        if (model.has("provider")) {
            config.put("provider", metadata.model().provider());
        }
        if (model.has("name")) {
            config.put("model", metadata.model().name());
        }
        // In the order the file lists them (the parsed metadata's map has none).
        Map<String, Object> parameters = metadata.model().parameters();
        model.path("parameters").fieldNames().forEachRemaining(name -> {
            if (parameters.containsKey(name)) {
                config.set(name, JSON.valueToTree(parameters.get(name)));
            }
        });
        if (!metadata.description().isBlank()) {
            config.put("description", metadata.description());
        }
        if (yaml.has("output_format")) {
            config.put("output_format", metadata.outputFormat().name().toLowerCase(Locale.ROOT));
        }
        return normalized(config);
    }

    /**
     * Writes a prompt's config into a target's metadata: the keys push sends are set from the config, or removed when
     * the config lacks them; the model's price, the evaluators and any other key stay as they are.
     */
    static void intoMetadata(JsonNode config, ObjectNode yaml) {
        JsonNode source = config == null || !config.isObject() ? JSON.createObjectNode() : config;
        setOrRemove(yaml, "description", source.get("description"));
        ObjectNode model = yaml.path("model").isObject() ? (ObjectNode) yaml.get("model") : JSON.createObjectNode();
        setOrRemove(model, "provider", source.get("provider"));
        setOrRemove(model, "name", source.get("model"));
        ObjectNode parameters = JSON.createObjectNode();
        ObjectNode extra = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (LangfuseTargets.MODEL_PARAMETERS.contains(field.getKey())) {
                parameters.set(field.getKey(), field.getValue());
            } else if (!OWN_KEYS.contains(field.getKey())) {
                extra.set(field.getKey(), field.getValue());
            }
        }
        setOrRemove(model, "parameters", parameters.isEmpty() ? null : parameters);
        if (model.isEmpty()) {
            yaml.remove("model");
        } else if (!yaml.has("model") || !yaml.get("model").isObject()) {
            yaml.set("model", model);
        }
        JsonNode format = source.get("output_format");
        setOrRemove(yaml, "output_format", format != null && format.isTextual()
                && List.of("text", "json").contains(format.asText().toLowerCase(Locale.ROOT)) ? format : null);
        setOrRemove(yaml, EXTRA_KEY, extra.isEmpty() ? null : extra);
    }

    private static void setOrRemove(ObjectNode object, String key, JsonNode value) {
        if (value == null || value.isNull()) {
            object.remove(key);
        } else {
            object.set(key, value);
        }
    }

    /** The config as Langfuse will answer it: re-read from JSON, so numbers compare equal with the stored ones. */
    private static ObjectNode normalized(ObjectNode config) {
        try {
            return (ObjectNode) JSON.readTree(JSON.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
