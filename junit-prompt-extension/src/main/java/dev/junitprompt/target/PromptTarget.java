package dev.junitprompt.target;

import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;

/**
 * A prompt under test: its message templates and metadata, loaded from {@code targets/<name>}.
 *
 * @param name      the target's name
 * @param origin    the file it was read from, for messages
 * @param messages  role and template of each message; a {@code prompt.txt} is one user message
 * @param metadata  the parsed {@code .metadata.yaml}
 * @param version   the version of a prompt fetched from a backend, empty for a local one
 * @param label     the label it was fetched by, empty when none
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PromptTarget(String name, String origin, List<MessageTemplate> messages, TargetMetadata metadata,
        String version, String label) {

    public PromptTarget {
        messages = List.copyOf(messages);
        version = version == null ? "" : version;
        label = label == null ? "" : label;
    }

    /** A local target: no version or label. */
    public PromptTarget(String name, String origin, List<MessageTemplate> messages, TargetMetadata metadata) {
        this(name, origin, messages, metadata, "", "");
    }

    /**
     * SHA-256 (hex) of the messages' roles and templates: the same prompt text has the same hash wherever
     * it was loaded from, so runs can say whether they ran the same prompt.
     */
    public String contentHash() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (MessageTemplate message : messages) {
                digest.update((message.role() + "\u0000" + message.template().source() + "\u0000")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The role and template of one message. */
    public record MessageTemplate(String role, Template template) {
    }

    /**
     * The messages for one item.
     *
     * @throws TargetException naming the variable, the item and the target when an input is missing
     */
    public List<PromptMessage> render(DatasetItem item) {
        List<PromptMessage> rendered = new ArrayList<>(messages.size());
        for (MessageTemplate message : messages) {
            try {
                rendered.add(new PromptMessage(message.role(), message.template().render(item.inputs())));
            } catch (TemplateException e) {
                throw new TargetException("Cannot fill target '" + name + "' for item '" + item.id()
                        + "' of dataset '" + item.dataset() + "': " + e.getMessage(), e);
            }
        }
        return rendered;
    }
}
