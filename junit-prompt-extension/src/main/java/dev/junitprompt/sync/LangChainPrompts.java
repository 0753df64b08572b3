package dev.junitprompt.sync;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.backend.langfuse.LangfusePrompt;
import dev.junitprompt.backend.langfuse.LangfuseTargets;

/**
 * Turns a LangChain serialized prompt (the manifest of a LangSmith hub commit) into a Langfuse prompt:
 *
 * <ul>
 *   <li>a {@code PromptTemplate} becomes a text prompt;</li>
 *   <li>a {@code ChatPromptTemplate} becomes a chat prompt: {@code SystemMessagePromptTemplate},
 *       {@code HumanMessagePromptTemplate} and {@code AIMessagePromptTemplate} (and {@code ChatMessagePromptTemplate}
 *       with one of those roles, and fixed {@code SystemMessage}, {@code HumanMessage}, {@code AIMessage}) become
 *       messages with the roles {@code system}, {@code user} and {@code assistant};</li>
 *   <li>a {@code RunnableSequence} of such a prompt and a chat model (what a commit holds when it was pushed with its
 *       model) becomes the prompt, with the model's name and parameters as the prompt's config.</li>
 * </ul>
 *
 * <p>Templates in LangChain's {@code f-string} format ({@code {var}}) are rewritten as Langfuse's {@code {{var}}} by
 * {@link PythonToMustache}; fixed message texts are kept as they are. Everything else (the {@code mustache} and
 * {@code jinja2} formats, {@code MessagesPlaceholder}s for message lists, images and other content parts, partial
 * variables, structured output, bound tools) is refused with a {@link SyncException} that names it and where it is.
 */
final class LangChainPrompts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> MESSAGE_TEMPLATES = Map.of(
            "SystemMessagePromptTemplate", "system",
            "HumanMessagePromptTemplate", "user",
            "AIMessagePromptTemplate", "assistant");
    private static final Map<String, String> FIXED_MESSAGES = Map.of(
            "SystemMessage", "system",
            "HumanMessage", "user",
            "AIMessage", "assistant");
    private static final Map<String, String> ROLES = Map.of(
            "system", "system", "human", "user", "user", "user", "ai", "assistant", "assistant", "assistant");
    private static final Map<String, String> PROVIDERS = Map.of(
            "ChatOpenAI", "openai", "AzureChatOpenAI", "openai", "ChatAnthropic", "anthropic");

    private LangChainPrompts() {
    }

    /**
     * The Langfuse prompt (version 0, no labels) for a manifest.
     *
     * @param name     the Langfuse prompt's name
     * @param manifest the LangChain serialized prompt
     * @param origin   where it comes from, e.g. {@code LangSmith prompt 'qa' commit 1a2b3c4d}, named in errors
     * @param config   the config to give the prompt when the manifest names no model
     * @throws SyncException naming what cannot be expressed as a Langfuse prompt
     */
    static LangfusePrompt toLangfuse(String name, JsonNode manifest, String origin, JsonNode config) {
        JsonNode prompt = manifest;
        ObjectNode modelConfig = null;
        if (className(manifest).equals("RunnableSequence")) {
            JsonNode kwargs = manifest.path("kwargs");
            if (kwargs.path("middle").size() > 0) {
                throw unsupported(origin, "a RunnableSequence with " + (kwargs.path("middle").size() + 2)
                        + " steps (only a prompt followed by a model can be copied)");
            }
            prompt = kwargs.path("first");
            modelConfig = modelConfig(kwargs.path("last"), origin);
        }
        String kind = className(prompt);
        ObjectNode finalConfig = modelConfig != null ? modelConfig
                : config != null && config.isObject() ? ((ObjectNode) config).deepCopy() : JSON.createObjectNode();
        switch (kind) {
            case "PromptTemplate" -> {
                return LangfusePrompt.text(name, template(prompt, origin), finalConfig);
            }
            case "ChatPromptTemplate" -> {
                noPartials(prompt, origin);
                List<LangfusePrompt.Message> messages = new ArrayList<>();
                JsonNode list = prompt.path("kwargs").path("messages");
                for (int i = 0; i < list.size(); i++) {
                    messages.add(message(list.get(i), origin + " message #" + (i + 1)));
                }
                if (messages.isEmpty()) {
                    throw unsupported(origin, "a ChatPromptTemplate without messages");
                }
                return LangfusePrompt.chat(name, messages, finalConfig);
            }
            case "StructuredPrompt" -> throw unsupported(origin, "a StructuredPrompt (a chat prompt with an output "
                    + "schema), which Langfuse prompts cannot hold");
            default -> throw unsupported(origin, describe(prompt) + "; only a PromptTemplate (text prompt) or a "
                    + "ChatPromptTemplate (chat prompt) can be copied");
        }
    }

    private static LangfusePrompt.Message message(JsonNode message, String origin) {
        String kind = className(message);
        JsonNode kwargs = message.path("kwargs");
        if (MESSAGE_TEMPLATES.containsKey(kind) || kind.equals("ChatMessagePromptTemplate")) {
            String role = kind.equals("ChatMessagePromptTemplate") ? role(kwargs.path("role"), origin)
                    : MESSAGE_TEMPLATES.get(kind);
            JsonNode prompt = kwargs.path("prompt");
            if (prompt.isArray()) {
                if (prompt.size() != 1) {
                    throw unsupported(origin, "a message of " + prompt.size() + " content parts ("
                            + parts(prompt) + "); a Langfuse chat message is one text");
                }
                prompt = prompt.get(0);
            }
            if (!className(prompt).equals("PromptTemplate")) {
                throw unsupported(origin, "a message whose content is " + describe(prompt)
                        + "; a Langfuse chat message is one text template");
            }
            return new LangfusePrompt.Message(role, template(prompt, origin));
        }
        if (FIXED_MESSAGES.containsKey(kind) || kind.equals("ChatMessage")) {
            String role = kind.equals("ChatMessage") ? role(kwargs.path("role"), origin) : FIXED_MESSAGES.get(kind);
            JsonNode content = kwargs.path("content");
            if (!content.isTextual()) {
                throw unsupported(origin, "a fixed " + kind + " whose content is " + (content.isArray()
                        ? "a list of content parts" : content.getNodeType().name().toLowerCase(Locale.ROOT))
                        + "; a Langfuse chat message is one text");
            }
            // A fixed text: its braces are text, so escape them for the f-string reader.
            String escaped = content.asText().replace("{", "{{").replace("}", "}}");
            return new LangfusePrompt.Message(role, PythonToMustache.convert(escaped, origin));
        }
        if (kind.equals("MessagesPlaceholder")) {
            throw unsupported(origin, "a MessagesPlaceholder for the message list '"
                    + kwargs.path("variable_name").asText("?") + "'; Langfuse chat prompts copied by junit-prompt "
                    + "hold only system, user and assistant messages");
        }
        throw unsupported(origin, describe(message) + "; only system, human and ai message templates can be copied");
    }

    private static String role(JsonNode role, String origin) {
        String wanted = ROLES.get(role.asText("").toLowerCase(Locale.ROOT));
        if (wanted == null) {
            throw unsupported(origin, "a message with the role '" + role.asText("") + "'; only system, user (human) "
                    + "and assistant (ai) can be copied");
        }
        return wanted;
    }

    /** A PromptTemplate's template in Langfuse's syntax. */
    private static String template(JsonNode prompt, String origin) {
        JsonNode kwargs = prompt.path("kwargs");
        String format = kwargs.path("template_format").asText("f-string");
        if (!format.equals("f-string")) {
            throw unsupported(origin, "a template in the " + format + " format; only f-string ({var}) templates "
                    + "can be copied (change the prompt's format in LangSmith)");
        }
        noPartials(prompt, origin);
        JsonNode template = kwargs.path("template");
        if (!template.isTextual()) {
            throw unsupported(origin, "a PromptTemplate without a template text");
        }
        return PythonToMustache.convert(template.asText(), origin);
    }

    private static void noPartials(JsonNode prompt, String origin) {
        JsonNode partials = prompt.path("kwargs").path("partial_variables");
        if (partials.isObject() && !partials.isEmpty()) {
            List<String> names = new ArrayList<>();
            partials.fieldNames().forEachRemaining(names::add);
            throw unsupported(origin, "partial variables (" + String.join(", ", names) + "), which Langfuse prompts "
                    + "cannot hold; write their values into the template in LangSmith");
        }
    }

    /** The config for the model of a {@code prompt | model} commit. */
    private static ObjectNode modelConfig(JsonNode model, String origin) {
        JsonNode kwargs = model.path("kwargs");
        if (className(model).equals("RunnableBinding")) {
            JsonNode bound = kwargs.path("kwargs");
            for (String unsupported : List.of("tools", "functions", "tool_choice", "response_format")) {
                if (bound.has(unsupported)) {
                    throw unsupported(origin, "a model bound to " + unsupported.replace('_', ' ') + ", which "
                            + "Langfuse prompts cannot hold");
                }
            }
            model = kwargs.path("bound");
            kwargs = model.path("kwargs");
        }
        String kind = className(model);
        if (!kind.startsWith("Chat") && !kind.endsWith("Chat") && !kind.equals("OpenAI")) {
            throw unsupported(origin, "a sequence that ends in " + describe(model) + " instead of a chat model");
        }
        ObjectNode config = JSON.createObjectNode();
        String provider = PROVIDERS.get(kind);
        if (provider != null) {
            config.put("provider", provider);
        }
        for (String key : List.of("model", "model_name")) {
            if (kwargs.path(key).isTextual()) {
                config.put("model", kwargs.path(key).asText());
                break;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = kwargs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (LangfuseTargets.MODEL_PARAMETERS.contains(field.getKey()) && !field.getValue().isNull()) {
                config.set(field.getKey(), field.getValue());
            }
        }
        return config;
    }

    /** The class a serialized object constructs ({@code ChatPromptTemplate}…), or {@code ""}. */
    private static String className(JsonNode node) {
        JsonNode id = node.path("id");
        return id.isArray() && !id.isEmpty() ? id.get(id.size() - 1).asText("") : "";
    }

    private static String describe(JsonNode node) {
        if (!node.isObject()) {
            return "no LangChain object (" + (node.isMissingNode() ? "nothing" : node.getNodeType().name()
                    .toLowerCase(Locale.ROOT)) + ")";
        }
        String kind = className(node);
        String type = node.path("type").asText("?");
        return kind.isEmpty() ? "a LangChain object of type '" + type + "' without a class"
                : !type.equals("constructor") ? "a " + kind + " serialized as '" + type + "'" : "a " + kind;
    }

    private static String parts(JsonNode prompts) {
        List<String> kinds = new ArrayList<>();
        prompts.forEach(part -> kinds.add(className(part).isEmpty() ? "?" : className(part)));
        return String.join(", ", kinds);
    }

    private static SyncException unsupported(String origin, String what) {
        return new SyncException("Cannot copy " + origin + " to Langfuse: it holds " + what);
    }
}
