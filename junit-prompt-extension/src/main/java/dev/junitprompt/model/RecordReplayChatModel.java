package dev.junitprompt.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.api.Usage;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.TargetMetadata;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * The {@code ChatModel} a task method receives: calls go through the engine's record/replay caller, and
 * the usage, latency and model of the calls of one item add up for its result.
 */
@API(status = API.Status.INTERNAL)
public final class RecordReplayChatModel implements ChatModel {

    private final ChatModel delegate;
    private final ModelRequest defaults;
    private final Set<Capability> capabilities;
    private final String label;
    private final ModelCaller caller;
    private final int repetition;
    private Usage usage = Usage.NONE;
    private Duration latency = Duration.ZERO;
    private String model = "";
    private final List<Call> calls = new ArrayList<>();

    /** One call the task made: what was asked, what came back, and when it ended. */
    public record Call(ModelRequest request, ModelResponse response, java.time.Instant end) {
    }

    /**
     * @param delegate   the user's model: its provider, name and defaults make the recording key
     * @param caller     calls {@code delegate}, through the recordings
     * @param repetition which run of the item this is (0 when items run once), part of the recording key
     */
    public RecordReplayChatModel(ChatModel delegate, ModelCaller caller, int repetition) {
        this(delegate, caller, repetition, "");
    }

    /**
     * @param label who makes the calls ({@code case-003}), for progress lines
     */
    public RecordReplayChatModel(ChatModel delegate, ModelCaller caller, int repetition, String label) {
        this.delegate = delegate;
        this.defaults = null;
        this.capabilities = Set.of();
        this.caller = caller;
        this.repetition = repetition;
        this.label = label;
    }

    /**
     * A model known by its configuration alone (a target's metadata), so nothing is built, and no key
     * needed, unless a call is not replayed.
     *
     * @param defaults   provider, model, parameters and label of every call (its messages are ignored)
     * @param caller     calls the model, through the recordings
     * @param repetition which run of the item this is (0 when items run once), part of the recording key
     */
    public RecordReplayChatModel(ModelRequest defaults, ModelCaller caller, int repetition) {
        this(defaults, ChatModels.capabilities(defaults.provider(), TargetMetadata.StructuredOutput.AUTO), caller,
                repetition);
    }

    /**
     * A model known by its configuration alone, as {@link #RecordReplayChatModel(ModelRequest, ModelCaller, int)},
     * that takes a JSON-schema response format only when {@code capabilities} says so (see
     * {@link ChatModels#capabilities(TargetMetadata.ModelSpec)}).
     */
    public RecordReplayChatModel(ModelRequest defaults, Set<Capability> capabilities, ModelCaller caller,
            int repetition) {
        this.delegate = null;
        this.defaults = defaults;
        this.capabilities = Set.copyOf(capabilities);
        this.caller = caller;
        this.repetition = repetition;
        this.label = defaults.label();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        // The request's own settings override the model's defaults, as the model itself would do.
        List<PromptMessage> messages = promptMessages(request.messages());
        ModelRequest defaults = delegate != null ? ModelRequest.to(delegate, messages)
                : new ModelRequest(this.defaults.provider(), this.defaults.model(), this.defaults.parameters(), messages);
        Map<String, Object> parameters = new LinkedHashMap<>(defaults.parameters());
        parameters.putAll(ChatModelCaller.parameters(request.parameters()));
        String modelName = request.parameters() != null && request.parameters().modelName() != null
                ? request.parameters().modelName()
                : defaults.model();
        ModelResponse response;
        ModelRequest modelRequest = new ModelRequest(defaults.provider(), modelName, parameters, defaults.messages(),
                repetition, label);
        try {
            response = caller.call(modelRequest);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelException("Model call failed: " + e.getMessage(), e);
        }
        synchronized (this) {
            usage = usage.plus(response.usage());
            latency = latency.plus(response.latency());
            model = response.model();
            calls.add(new Call(modelRequest, response, java.time.Instant.now()));
        }
        AiMessage reply = response.toolCalls().isEmpty() ? AiMessage.from(response.text())
                : AiMessage.builder().text(response.text().isEmpty() ? null : response.text())
                        .toolExecutionRequests(ChatModelCaller.toolExecutionRequests(response.toolCalls())).build();
        return ChatResponse.builder()
                .aiMessage(reply)
                .modelName(response.model())
                .tokenUsage(new TokenUsage((int) response.usage().inputTokens(), (int) response.usage().outputTokens(),
                        (int) response.usage().totalTokens()))
                .finishReason(finishReason(response.finishReason()))
                .build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate != null ? delegate.defaultRequestParameters() : ChatModel.super.defaultRequestParameters();
    }

    /** The user's model's, else what the configuration says the model supports. */
    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate != null ? delegate.supportedCapabilities() : capabilities;
    }

    @Override
    public ModelProvider provider() {
        return delegate != null ? delegate.provider() : ChatModel.super.provider();
    }

    public synchronized Usage usage() {
        return usage;
    }

    /** Time spent in model calls (for replayed calls, as recorded). */
    public synchronized Duration latency() {
        return latency;
    }

    /** The calls made so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The model of the last answer, empty before any call. */
    public synchronized String model() {
        return model;
    }

    private static List<PromptMessage> promptMessages(List<ChatMessage> messages) {
        List<PromptMessage> prompt = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            if (message instanceof SystemMessage system) {
                prompt.add(new PromptMessage("system", system.text()));
            } else if (message instanceof UserMessage user && user.hasSingleText()) {
                prompt.add(new PromptMessage("user", user.singleText()));
            } else if (message instanceof AiMessage ai) {
                prompt.add(PromptMessage.assistant(ai.text() == null ? "" : ai.text(), ChatModelCaller.toolCalls(ai)));
            } else if (message instanceof ToolExecutionResultMessage result) {
                prompt.add(PromptMessage.toolResult(result.id(), result.toolName(), result.text()));
            } else {
                throw new ModelException("Only text system, user, assistant and tool result messages can be recorded; "
                        + "got a " + message.type() + " message (images and other content are not)");
            }
        }
        return prompt;
    }

    private static FinishReason finishReason(String name) {
        for (FinishReason reason : FinishReason.values()) {
            if (reason.name().equals(name)) {
                return reason;
            }
        }
        return null;
    }
}
