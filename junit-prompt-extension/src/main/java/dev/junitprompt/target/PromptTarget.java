package dev.junitprompt.target;

import java.util.ArrayList;
import java.util.List;

import dev.junitprompt.api.DatasetItem;

/**
 * A prompt under test: its message templates and metadata, loaded from {@code targets/<name>}.
 *
 * @param name      the target's name
 * @param origin    the file it was read from, for messages
 * @param messages  role and template of each message; a {@code prompt.txt} is one user message
 * @param metadata  the parsed {@code .metadata.yaml}
 */
public record PromptTarget(String name, String origin, List<MessageTemplate> messages, TargetMetadata metadata) {

    public PromptTarget {
        messages = List.copyOf(messages);
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
