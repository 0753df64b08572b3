package dev.junitprompt.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
 */
public record ModelRequest(String provider, String model, Map<String, Object> parameters, List<PromptMessage> messages) {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public ModelRequest {
        parameters = new TreeMap<>(parameters);
        messages = List.copyOf(messages);
    }

    /** A request to a user's model, with its provider, name and default parameters. */
    public static ModelRequest to(ChatModel model, List<PromptMessage> messages) {
        ChatRequestParameters defaults = model.defaultRequestParameters();
        String name = defaults == null || defaults.modelName() == null ? "" : defaults.modelName();
        return new ModelRequest(model.provider().name().toLowerCase(Locale.ROOT), name,
                ChatModelCaller.parameters(defaults), messages);
    }

    /** SHA-256 of the request's canonical JSON: equal requests, equal keys, whatever the map order. */
    public String key() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(this).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash model request", e);
        }
    }
}
