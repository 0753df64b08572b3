package dev.junitprompt.target;

import java.util.List;

import org.apiguardian.api.API;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.junitprompt.api.ToolCall;

/**
 * One rendered chat message: a prompt's, or one of a conversation a task method holds with its model, tool calls
 * and their results included (so a task that runs the tools its model asks for is recorded and replayed too).
 *
 * @param role       {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content    the text, placeholders filled; for {@code tool}, what the tool returned
 * @param toolCalls  for {@code assistant}: the tools it asked to have called, empty otherwise
 * @param toolCallId for {@code tool}: the id of the call this is the result of, empty otherwise
 * @param toolName   for {@code tool}: the tool's name, empty otherwise
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PromptMessage(String role, String content,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String toolCallId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String toolName) {

    // The empty extras are left out of the JSON, so a text message keeps the recording key it always had.
    public PromptMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        toolCallId = toolCallId == null ? "" : toolCallId;
        toolName = toolName == null ? "" : toolName;
    }

    /** A text message. */
    public PromptMessage(String role, String content) {
        this(role, content, List.of(), "", "");
    }

    /** An assistant message that asks for tools, with its text (may be empty). */
    public static PromptMessage assistant(String content, List<ToolCall> toolCalls) {
        return new PromptMessage("assistant", content, toolCalls, "", "");
    }

    /** What the tool {@code toolName} returned for the call {@code toolCallId}. */
    public static PromptMessage toolResult(String toolCallId, String toolName, String content) {
        return new PromptMessage("tool", content, List.of(), toolCallId, toolName);
    }
}
