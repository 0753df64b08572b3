package dev.junitprompt.backend.langfuse;

import java.util.List;
import java.util.Objects;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One version of a Langfuse prompt: a text prompt or a chat prompt, with {@code {{var}}} placeholders, its
 * {@code config} (model parameters) and labels.
 *
 * @param name     the prompt name, folders separated by {@code /}
 * @param version  the version number, 0 for a draft not yet created
 * @param type     text or chat
 * @param text     the template of a text prompt, {@code null} for a chat prompt
 * @param messages the messages of a chat prompt, empty for a text prompt
 * @param config   any JSON, {@code NullNode} when there is none
 * @param labels   the labels on this version ({@code production}, {@code staging}, {@code latest}…)
 */
@API(status = API.Status.INTERNAL)
public record LangfusePrompt(String name, int version, Type type, String text, List<Message> messages,
        JsonNode config, List<String> labels) {

    public LangfusePrompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        messages = messages == null ? List.of() : List.copyOf(messages);
        labels = labels == null ? List.of() : List.copyOf(labels);
        config = config == null ? NullNode.getInstance() : config;
        if (type == Type.TEXT && text == null) {
            throw new IllegalArgumentException("Text prompt " + name + " has no text");
        }
    }

    /** A text prompt to create (version 0). */
    public static LangfusePrompt text(String name, String text, JsonNode config) {
        return new LangfusePrompt(name, 0, Type.TEXT, Objects.requireNonNull(text, "text"), List.of(), config,
                List.of());
    }

    /** A chat prompt to create (version 0). */
    public static LangfusePrompt chat(String name, List<Message> messages, JsonNode config) {
        return new LangfusePrompt(name, 0, Type.CHAT, null, messages, config, List.of());
    }

    /** Whether the prompt itself (type, text or messages, config) is the same as {@code other}'s. */
    public boolean sameContentAs(LangfusePrompt other) {
        return type == other.type && Objects.equals(text, other.text) && messages.equals(other.messages)
                && config.equals(other.config);
    }

    public enum Type {
        TEXT("text"), CHAT("chat");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        /** {@code text} or {@code chat}, as in the API. */
        public String wire() {
            return wire;
        }

        static Type fromWire(String value) {
            for (Type type : values()) {
                if (type.wire.equals(value)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("Unknown Langfuse prompt type: " + value);
        }
    }

    /**
     * A chat message ({@code ChatMessage}); Langfuse's placeholder messages are not used by junit-prompt.
     *
     * @param role    {@code system}, {@code user}, {@code assistant}…
     * @param content the template text
     */
    public record Message(String role, String content) {

        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }
}
