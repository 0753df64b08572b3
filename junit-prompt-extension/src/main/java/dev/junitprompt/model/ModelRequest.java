package dev.junitprompt.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apiguardian.api.API;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.junitprompt.target.PromptMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;

/**
 * One model call as the engine sees it: which model, with which parameters, on which messages. Its
 * {@link #key()} names the call's recording.
 *
 * @param provider   {@code openai}, {@code anthropic}, … as LangChain4j or the metadata names it
 * @param model      the model name
 * @param parameters temperature, max_tokens… (sorted, so the key does not depend on their order)
 * @param messages   the rendered messages
 * @param repetition which run of an item this is when items run several times (so each run has its own
 *                   recording), 0 otherwise; left out of the key when 0, so single runs keep their keys
 * @param label      who makes the call, for progress lines ({@code case-003}); not part of the key
 */
@API(status = API.Status.INTERNAL)
public record ModelRequest(String provider, String model, Map<String, Object> parameters, List<PromptMessage> messages,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int repetition, @JsonIgnore String label) {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public ModelRequest {
        parameters = new TreeMap<>(parameters);
        messages = List.copyOf(messages);
        label = label == null ? "" : label;
    }

    /** A request outside repetitions. */
    public ModelRequest(String provider, String model, Map<String, Object> parameters, List<PromptMessage> messages) {
        this(provider, model, parameters, messages, 0, "");
    }

    /** A request as run {@code repetition} of several (0: not repeated), without a label. */
    public ModelRequest(String provider, String model, Map<String, Object> parameters, List<PromptMessage> messages,
            int repetition) {
        this(provider, model, parameters, messages, repetition, "");
    }

    /** This request as run {@code repetition} of several (0: not repeated). */
    public ModelRequest withRepetition(int repetition) {
        return new ModelRequest(provider, model, parameters, messages, repetition, label);
    }

    /** This request made on behalf of {@code label} ({@code case-003}), for progress lines. */
    public ModelRequest withLabel(String label) {
        return new ModelRequest(provider, model, parameters, messages, repetition, label);
    }

    /** A request to a user's model, with its provider, name and default parameters. */
    public static ModelRequest to(ChatModel model, List<PromptMessage> messages) {
        ChatRequestParameters defaults = model.defaultRequestParameters();
        String name = defaults == null || defaults.modelName() == null ? "" : defaults.modelName();
        return new ModelRequest(provider(model.provider()), name,
                ChatModelCaller.parameters(defaults), messages);
    }

    /**
     * A LangChain4j provider as the metadata spells it: {@code openai}, not {@code open_ai}, so a target's
     * calls are recorded under one provider name whether the class's model or the metadata made them.
     */
    static String provider(dev.langchain4j.model.ModelProvider provider) {
        return provider == dev.langchain4j.model.ModelProvider.OPEN_AI ? "openai"
                : provider.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The keys this request had under earlier spellings of its fields ({@code open_ai} for {@code openai}),
     * so recordings made before still replay.
     */
    public List<String> earlierKeys() {
        return provider.equals("openai")
                ? List.of(new ModelRequest("open_ai", model, parameters, messages, repetition, label).key())
                : List.of();
    }

    /** SHA-256 of the request's canonical JSON: equal requests, equal keys, whatever the map order. */
    public String key() {
        return keyOf(this);
    }

    /** SHA-256 (hex) of {@code value}'s canonical JSON, its maps' keys sorted: what names a recording. */
    static String keyOf(Object value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash model request", e);
        }
    }
}
