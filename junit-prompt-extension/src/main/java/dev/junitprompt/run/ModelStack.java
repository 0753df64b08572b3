package dev.junitprompt.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.junitprompt.model.AdaptiveLimit;
import dev.junitprompt.model.ChatModelCaller;
import dev.junitprompt.model.ChatModels;
import dev.junitprompt.model.ModelCaller;
import dev.junitprompt.model.ModelRequest;
import dev.junitprompt.model.ModelResponse;
import dev.junitprompt.model.PriceTable;
import dev.junitprompt.model.RecordReplayCaller;
import dev.junitprompt.model.RecordReplayChatModel;
import dev.junitprompt.model.RecordReplayEmbeddingModel;
import dev.junitprompt.model.RetryingCaller;
import dev.junitprompt.results.Trace;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.PromptTarget;
import dev.junitprompt.target.TargetMetadata;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * An experiment's model calls: the model (the class's {@code @PromptModel}, else the one the target's
 * metadata names), retried on rate limits and faults within the experiment's concurrency budget, through
 * its recordings; and what the calls cost. Targets, task methods and evaluators all call through it.
 */
final class ModelStack {

    private final Optional<ChatModel> userModel;
    private final Optional<PromptTarget> target;
    private final ModelCaller caller;
    private final PriceTable prices;
    private final Judge judge;
    private final ModelSettings settings;
    /** The recordings' sub-folder. */
    private final String folder;

    /**
     * Who LLM judges ask, when not the experiment's model: a model of the user's ({@code @JudgeModel}), or one
     * named by configuration, each behind a caller of its own over the same recordings, retries and budget.
     */
    private record Judge(Optional<ChatModel> model, Optional<TargetMetadata.ModelSpec> spec, ModelCaller caller) {

        static final Judge NONE = new Judge(Optional.empty(), Optional.empty(), null);
    }

    private ModelStack(Optional<ChatModel> userModel, Optional<PromptTarget> target, ModelCaller caller,
            PriceTable prices, Judge judge, ModelSettings settings, String folder) {
        this.settings = settings;
        this.folder = folder;
        this.userModel = userModel;
        this.target = target;
        this.caller = caller;
        this.prices = prices;
        this.judge = judge;
    }

    /**
     * @param recordings the recordings' sub-folder: the target's name, else the experiment's
     * @param judgeModel the class's {@code @JudgeModel}
     * @param judgeSpec  the judge model configuration names, used without a {@code @JudgeModel}
     */
    static ModelStack create(Optional<ChatModel> userModel, Optional<PromptTarget> target, String recordings,
            ModelSettings settings, AdaptiveLimit limit, Optional<ChatModel> judgeModel,
            Optional<TargetMetadata.ModelSpec> judgeSpec) {
        PriceTable prices = PriceTable.load(settings.pricesFile().orElse(ModelSettings.DEFAULT_PRICES),
                settings.pricesFile().isPresent());
        if (target.isPresent() && target.get().metadata().model().price().size() == 2) {
            Map<String, Double> price = target.get().metadata().model().price();
            prices = prices.with(target.get().metadata().model().name(),
                    new PriceTable.Price(price.get("input"), price.get("output")));
        }
        // Langfuse targets are named langfuse:name#3: keep folder names portable.
        String folder = recordings.replaceAll("[^A-Za-z0-9._-]", "_");
        Judge judge = Judge.NONE;
        if (judgeModel.isPresent()) {
            judge = new Judge(judgeModel, Optional.empty(), recorded(new ChatModelCaller(judgeModel::get), settings,
                    limit, folder));
        } else if (judgeSpec.isPresent()) {
            judge = new Judge(Optional.empty(), judgeSpec, recorded(new ChatModelCaller(() -> ChatModels.fromSpec(
                    judgeSpec.get(), settings.environment(), settings.retry(), limit.max())), settings, limit, folder));
        }
        ModelCaller model;
        if (userModel.isPresent()) {
            model = new ChatModelCaller(userModel::get);
        } else if (target.isPresent()) {
            // Built on first use: a replayed run needs no key.
            model = new ChatModelCaller(() -> ChatModels.fromSpec(target.get().metadata().model(),
                    settings.environment(), settings.retry(), limit.max()));
        } else {
            return new ModelStack(userModel, target, null, prices, judge, settings, folder);
        }
        return new ModelStack(userModel, target, recorded(model, settings, limit, folder), prices, judge, settings,
                folder);
    }

    /** Calls through the recordings, retried within the experiment's concurrency budget. */
    private static ModelCaller recorded(ModelCaller model, ModelSettings settings, AdaptiveLimit limit,
            String folder) {
        return new RecordReplayCaller(new RetryingCaller(model, settings.retry(), limit), settings.cacheMode(),
                settings.recordingsDir().resolve(folder), settings.recordings());
    }

    /** Whether the experiment has a model to call. */
    boolean hasModel() {
        return caller != null;
    }

    /** Calls the model with a target's rendered prompt. */
    ModelResponse call(ModelRequest request) throws Exception {
        return caller.call(request);
    }

    /**
     * The request a target makes for an item: the user's model's defaults, else the metadata's; offering the tools
     * the metadata declares.
     */
    ModelRequest request(PromptTarget target, List<PromptMessage> prompt, int keyRepetition) {
        ModelRequest request = modelRequest(target, prompt, keyRepetition);
        if (target.metadata().tools().isEmpty()) {
            return request;
        }
        Map<String, Object> parameters = new java.util.LinkedHashMap<>(request.parameters());
        parameters.put("tools", target.metadata().tools().stream().map(ModelStack::toolValue).toList());
        target.metadata().toolChoice().ifPresent(choice -> parameters.put("tool_choice", choice));
        return new ModelRequest(request.provider(), request.model(), parameters, prompt, keyRepetition);
    }

    /** A declared tool as a request parameter's value, {@code {name, description, parameters}}. */
    private static Map<String, Object> toolValue(TargetMetadata.ToolSpec tool) {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("name", tool.name());
        if (!tool.description().isEmpty()) {
            value.put("description", tool.description());
        }
        value.put("parameters", JSON.convertValue(tool.parameters(), Map.class));
        return value;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The target's model and parameters, without its tools: what task methods and evaluators call. */
    private ModelRequest modelRequest(PromptTarget target, List<PromptMessage> prompt, int keyRepetition) {
        if (userModel.isPresent()) {
            // The class's model answers; the target's parameters (temperature, max_tokens…) apply on top of its own.
            ModelRequest defaults = ModelRequest.to(userModel.get(), prompt);
            Map<String, Object> parameters = new java.util.LinkedHashMap<>(defaults.parameters());
            parameters.putAll(target.metadata().model().parameters());
            return new ModelRequest(defaults.provider(), defaults.model(), parameters, prompt, keyRepetition);
        }
        return new ModelRequest(target.metadata().model().provider(), target.metadata().model().name(),
                target.metadata().model().parameters(), prompt).withRepetition(keyRepetition);
    }

    /**
     * A {@code ChatModel} whose calls go through this stack and add up for one item run; empty when the
     * experiment has no model. What task methods and evaluators are given; {@code label} names who calls
     * in progress lines.
     */
    Optional<RecordReplayChatModel> chatModel(int keyRepetition, String label) {
        if (caller == null) {
            return Optional.empty();
        }
        if (userModel.isPresent()) {
            return Optional.of(new RecordReplayChatModel(userModel.get(), caller, keyRepetition, label));
        }
        return target.map(found -> new RecordReplayChatModel(modelRequest(found, List.of(), 0).withLabel(label),
                ChatModels.capabilities(found.metadata().model()), caller, keyRepetition));
    }

    /**
     * The model LLM judges ask, as {@link #chatModel} for the experiment's: the {@code @JudgeModel}, else the
     * configured judge, else the experiment's own model.
     */
    Optional<RecordReplayChatModel> judgeModel(int keyRepetition, String label) {
        if (judge.model().isPresent()) {
            return Optional.of(new RecordReplayChatModel(judge.model().get(), judge.caller(), keyRepetition, label));
        }
        if (judge.spec().isPresent()) {
            TargetMetadata.ModelSpec spec = judge.spec().get();
            return Optional.of(new RecordReplayChatModel(new ModelRequest(spec.provider(), spec.name(),
                    spec.parameters(), List.of()).withLabel(label), ChatModels.capabilities(spec), judge.caller(),
                    keyRepetition));
        }
        return chatModel(keyRepetition, label);
    }

    /**
     * A user's embedding model through the recordings ({@code <recordings>/<folder>/embeddings}), its files named
     * after {@code label}.
     */
    EmbeddingModel recorded(EmbeddingModel model, String label) {
        return new RecordReplayEmbeddingModel(model, settings.cacheMode(),
                settings.recordingsDir().resolve(folder).resolve("embeddings"), settings.recordings(), label);
    }

    /** A call for the trace, priced by the model asked for, else the one that answered. */
    Trace.ModelCall traced(ModelRequest request, ModelResponse response, Instant start, Instant end) {
        Optional<PriceTable.Price> price = prices.priceOf(request.model(), response.model());
        return new Trace.ModelCall(request.provider(), response.model().isEmpty() ? request.model() : response.model(),
                request.parameters(), request.messages(), output(response), response.usage(),
                price.map(found -> found.cost(response.usage())).orElse(Double.NaN),
                price.map(found -> found.inputCost(response.usage())).orElse(Double.NaN), start, end,
                response.replayed(), response.attempts());
    }

    /**
     * A reply as the trace shows it: its text, then a line for each tool it asked to have called, {@code → tool
     * get_weather({"city":"Paris"})}, so a reply that only asks for tools is not blank in the report or a backend.
     */
    private static String output(ModelResponse response) {
        StringBuilder text = new StringBuilder(response.text());
        for (dev.junitprompt.api.ToolCall call : response.toolCalls()) {
            text.append(text.isEmpty() ? "" : "\n").append("→ tool ").append(call);
        }
        return text.toString();
    }

    /** The calls a {@link #chatModel} made, for the trace. */
    List<Trace.ModelCall> traced(RecordReplayChatModel model) {
        return model.calls().stream().map(call -> traced(call.request(), call.response(),
                call.end().minus(call.response().latency()), call.end())).toList();
    }
}
