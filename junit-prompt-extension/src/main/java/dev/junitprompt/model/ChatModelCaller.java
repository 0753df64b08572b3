package dev.junitprompt.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.apiguardian.api.API;

import dev.junitprompt.api.ToolCall;
import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;

/**
 * Calls a LangChain4j {@link ChatModel} with the request's model name and parameters. The model is
 * built on the first call, so a suite that replays every answer needs no API key.
 */
@API(status = API.Status.INTERNAL)
public final class ChatModelCaller implements ModelCaller {

    private final Supplier<ChatModel> model;
    private volatile ChatModel built;

    /** @param model builds the model when first needed */
    public ChatModelCaller(Supplier<ChatModel> model) {
        this.model = model;
    }

    @Override
    public ModelResponse call(ModelRequest request) {
        ChatRequest.Builder chat = ChatRequest.builder().messages(toChatMessages(request.messages()));
        if (!request.model().isEmpty()) {
            chat.modelName(request.model());
        }
        applyParameters(chat, request.parameters());
        long start = System.nanoTime();
        ChatResponse response;
        try {
            response = model().chat(chat.build());
        } catch (ModelException | ProviderHttpException ours) {
            throw ours;
        } catch (RuntimeException e) {
            // LangChain4j's reading of a reply it does not understand surfaces as a bare Jackson exception or a
            // NullPointerException on a missing field: said with the model's name. The cause is kept, so a retry
            // still tells a timeout or a 5xx by it (see RetryingCaller).
            throw new ModelException(describe(request) + " failed: " + e, e);
        }
        if (response == null || response.aiMessage() == null) {
            throw new ModelException(describe(request) + " answered no message");
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        return new ModelResponse(response.aiMessage().text(),
                response.modelName() == null ? request.model() : response.modelName(), usage(response.tokenUsage()),
                response.finishReason() == null ? null : response.finishReason().name(), latency, false)
                .withToolCalls(toolCalls(response.aiMessage()));
    }

    /** The tools a reply asks to have called, in its order. */
    static List<ToolCall> toolCalls(AiMessage reply) {
        if (!reply.hasToolExecutionRequests()) {
            return List.of();
        }
        return reply.toolExecutionRequests().stream()
                .map(request -> new ToolCall(request.id(), request.name(), request.arguments())).toList();
    }

    private static String describe(ModelRequest request) {
        return "The call to " + (request.provider().isEmpty() ? "" : request.provider() + " ") + "model '"
                + request.model() + "'";
    }

    private ChatModel model() {
        ChatModel current = built;
        if (current == null) {
            synchronized (this) {
                if (built == null) {
                    built = model.get();
                }
                current = built;
            }
        }
        return current;
    }

    static List<ChatMessage> toChatMessages(List<PromptMessage> messages) {
        return messages.stream().<ChatMessage>map(message -> switch (message.role()) {
            case "system" -> SystemMessage.from(message.content());
            case "assistant" -> message.toolCalls().isEmpty() ? AiMessage.from(message.content())
                    : AiMessage.builder().text(message.content().isEmpty() ? null : message.content())
                            .toolExecutionRequests(toolExecutionRequests(message.toolCalls())).build();
            case "tool" -> ToolExecutionResultMessage.from(message.toolCallId(), message.toolName(), message.content());
            default -> UserMessage.from(message.content());
        }).toList();
    }

    /** Tool calls as LangChain4j asks for them: an id the provider gave, else none. */
    static List<ToolExecutionRequest> toolExecutionRequests(List<ToolCall> calls) {
        return calls.stream().map(call -> ToolExecutionRequest.builder().id(call.id().isEmpty() ? null : call.id())
                .name(call.name()).arguments(call.arguments()).build()).toList();
    }

    /** Metadata parameters, spelled as in the providers' APIs, onto LangChain4j's portable ones. */
    static void applyParameters(ChatRequest.Builder chat, Map<String, Object> parameters) {
        parameters.forEach((name, value) -> {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "temperature" -> chat.temperature(number(name, value).doubleValue());
                case "top_p" -> chat.topP(number(name, value).doubleValue());
                case "top_k" -> chat.topK(number(name, value).intValue());
                case "max_tokens", "max_output_tokens", "max_completion_tokens" ->
                        chat.maxOutputTokens(number(name, value).intValue());
                case "frequency_penalty" -> chat.frequencyPenalty(number(name, value).doubleValue());
                case "presence_penalty" -> chat.presencePenalty(number(name, value).doubleValue());
                case "stop" -> chat.stopSequences(value instanceof List<?> list
                        ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value)));
                case ResponseFormats.PARAMETER -> chat.responseFormat(ResponseFormats.fromValue(value));
                case ToolSpecs.TOOLS -> chat.toolSpecifications(ToolSpecs.fromValue(value));
                case ToolSpecs.TOOL_CHOICE -> chat.toolChoice(ToolSpecs.choiceFromValue(value));
                default -> throw new ModelException("Unknown model parameter '" + name + "' in the target's "
                        + ".metadata.yaml; supported: temperature, top_p, top_k, max_tokens, frequency_penalty, "
                        + "presence_penalty, stop, response_format, tool_choice (tools are declared in 'tools')");
            }
        });
    }

    /** The inverse of {@link #applyParameters}: LangChain4j's parameters as the metadata spells them. */
    static Map<String, Object> parameters(ChatRequestParameters parameters) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (parameters != null) {
            putIfSet(map, "temperature", parameters.temperature());
            putIfSet(map, "top_p", parameters.topP());
            putIfSet(map, "top_k", parameters.topK());
            putIfSet(map, "max_tokens", parameters.maxOutputTokens());
            putIfSet(map, "frequency_penalty", parameters.frequencyPenalty());
            putIfSet(map, "presence_penalty", parameters.presencePenalty());
            if (parameters.stopSequences() != null && !parameters.stopSequences().isEmpty()) {
                map.put("stop", parameters.stopSequences());
            }
            putIfSet(map, ResponseFormats.PARAMETER, ResponseFormats.toValue(parameters.responseFormat()));
            putIfSet(map, ToolSpecs.TOOLS, ToolSpecs.toValue(parameters.toolSpecifications()));
            putIfSet(map, ToolSpecs.TOOL_CHOICE, ToolSpecs.toValue(parameters.toolChoice()));
        }
        return map;
    }

    private static void putIfSet(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    private static Number number(String name, Object value) {
        if (value instanceof Number number) {
            return number;
        }
        throw new ModelException("Model parameter '" + name + "' must be a number but is '" + value + "'");
    }

    static Usage usage(TokenUsage usage) {
        if (usage == null) {
            return Usage.NONE;
        }
        long input = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long output = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        long total = usage.totalTokenCount() == null ? input + output : usage.totalTokenCount();
        return new Usage(input, output, total);
    }
}
