package dev.junitprompt.backend.langfuse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.target.PromptTarget;
import dev.junitprompt.target.TargetException;
import dev.junitprompt.target.TargetMetadata;
import dev.junitprompt.target.Template;

/**
 * Langfuse prompts as targets ({@code langfuse:name}, {@code langfuse:name@label},
 * {@code langfuse:name#3}): text or chat, {@code {{var}}} placeholders, and the prompt's {@code config}
 * as the model and its parameters ({@code model}, {@code provider}, {@code temperature},
 * {@code max_tokens}…; other config keys belong to the application and are left alone).
 */
@API(status = API.Status.INTERNAL)
public final class LangfuseTargets {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The config keys that are model parameters; the rest of a prompt's config is the application's. */
    public static final Set<String> MODEL_PARAMETERS = Set.of("temperature", "top_p", "top_k", "max_tokens",
            "max_output_tokens", "max_completion_tokens", "frequency_penalty", "presence_penalty", "stop");

    private LangfuseTargets() {
    }

    /** Whether a target names a Langfuse prompt. */
    public static boolean isReference(String target) {
        return target != null && target.startsWith(PromptReference.PREFIX);
    }

    /**
     * Fetches the prompt a target names.
     *
     * @throws TargetException naming the prompt, label or version when Langfuse has no such prompt or
     *                         cannot be reached
     */
    public static PromptTarget load(String target, Map<String, String> environment, RetryPolicy retry) {
        PromptReference reference;
        try {
            reference = PromptReference.parse(target).orElseThrow();
        } catch (IllegalArgumentException e) {
            throw new TargetException(e.getMessage(), e);
        }
        LangfusePrompt prompt;
        try {
            prompt = LangfuseClient.fromEnvironment(environment, retry).prompt(reference.name(),
                    reference.version().isPresent() ? null : reference.label(),
                    reference.version().isPresent() ? reference.version().getAsInt() : null);
        } catch (LangfuseException e) {
            throw new TargetException("Cannot load target '" + target + "': " + e.getMessage(), e);
        }
        PromptTarget fetched = toTarget(reference.resolved(prompt.version()), prompt);
        return new PromptTarget(fetched.name(), fetched.origin(), fetched.messages(), fetched.metadata(),
                String.valueOf(prompt.version()), reference.version().isPresent() ? "" : reference.label());
    }

    static PromptTarget toTarget(String name, LangfusePrompt prompt) {
        String origin = "Langfuse prompt " + prompt.name() + " version " + prompt.version();
        List<PromptTarget.MessageTemplate> messages = new ArrayList<>();
        if (prompt.type() == LangfusePrompt.Type.TEXT) {
            messages.add(new PromptTarget.MessageTemplate("user",
                    Template.parse(prompt.text(), Template.Syntax.MUSTACHE, origin)));
        } else {
            for (int i = 0; i < prompt.messages().size(); i++) {
                LangfusePrompt.Message message = prompt.messages().get(i);
                messages.add(new PromptTarget.MessageTemplate(message.role(), Template.parse(message.content(),
                        Template.Syntax.MUSTACHE, origin + " message #" + (i + 1))));
            }
        }
        return new PromptTarget(name, origin, messages, new TargetMetadata("", modelSpec(prompt.config()),
                jsonOutput(prompt.config()) ? TargetMetadata.OutputFormat.JSON : TargetMetadata.OutputFormat.TEXT,
                Template.Syntax.MUSTACHE, List.of()));
    }

    /** The model a prompt's config asks for: {@code provider}, {@code model} and the {@link #MODEL_PARAMETERS}. */
    public static TargetMetadata.ModelSpec modelSpec(JsonNode config) {
        TargetMetadata.ModelSpec defaults = TargetMetadata.defaults().model();
        if (config == null) {
            return defaults;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        config.fields().forEachRemaining(field -> {
            if (MODEL_PARAMETERS.contains(field.getKey())) {
                parameters.put(field.getKey(), JSON.convertValue(field.getValue(), Object.class));
            }
        });
        return new TargetMetadata.ModelSpec(config.path("provider").asText(defaults.provider()).toLowerCase(Locale.ROOT),
                config.path("model").asText(defaults.name()), parameters);
    }

    private static boolean jsonOutput(JsonNode config) {
        return config.path("output_format").asText("").equalsIgnoreCase("json")
                || config.path("response_format").path("type").asText("").startsWith("json");
    }
}
