package dev.junitprompt.target;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A target's {@code .metadata.yaml}:
 *
 * <pre>{@code
 * description: Generates a preparation plan
 * model:
 *   provider: openai            # openai (or any OpenAI-compatible server), ollama, anthropic
 *   name: gpt-4o-mini
 *   parameters: {temperature: 0.2, max_tokens: 1200}
 *   price: {input: 0.15, output: 0.60}   # per million tokens; else the project's price table
 * models:                       # others to compare it on: @PromptExperiment(models = {"gpt-4o"}) names them
 *   - {name: gpt-4o}            # each as model:, what it leaves out from model:
 * output_format: json           # text | json
 * template_format: python       # python ({var}) | mustache ({{var}})
 * output_schema: ticket.schema.json   # a JSON Schema: a file next to this one, or the schema as a mapping
 * evaluators:
 *   - type: valid_json
 *     min: 1.0
 *   - type: json_schema         # without args: validates against output_schema
 * tools:                        # tools the model may ask for (never run: what it asked is the item's tool calls)
 *   - name: get_weather
 *     description: The weather in a city today
 *     parameters: {type: object, properties: {city: {type: string}}, required: [city]}
 * tool_choice: required         # auto (the default) | required | none
 * judge: {provider: openai, name: gpt-4o, structured_output: tool_call}   # verdicts as a tool call
 * }</pre>
 *
 * @param description   what the prompt does
 * @param model         provider, model name and parameters
 * @param outputFormat  text or JSON
 * @param syntax        the placeholder syntax of the template
 * @param evaluators    evaluators this target's experiments apply
 * @param modelDeclared whether the metadata names its model; else {@link #model()} is the default
 * @param outputSchema  the JSON Schema the output should follow ({@code output_schema}), read from its file when
 *                      the metadata names one; a {@code json_schema} evaluator without arguments gets it as its
 *                      schema
 * @param judge         the model the target's LLM judges ask ({@code judge:}, as {@code model:}), when it names one
 * @param tools         the tools the model is offered ({@code tools:}); the calls it asks for are the item's
 *                      {@link dev.junitprompt.api.PromptResult#toolCalls()}
 * @param toolChoice    whether the model must ask for a tool ({@code tool_choice}: auto, required, none), empty for
 *                      the provider's default
 * @param models        other models to compare the target on ({@code models:}, each as {@code model:}): an
 *                      experiment's {@code models = {…}} names them, and {@code model:}, by their name
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record TargetMetadata(String description, ModelSpec model, OutputFormat outputFormat, Template.Syntax syntax,
        List<EvaluatorSpec> evaluators, boolean modelDeclared, Optional<JsonNode> outputSchema,
        Optional<ModelSpec> judge, List<ToolSpec> tools, Optional<String> toolChoice, List<ModelSpec> models) {

    public TargetMetadata {
        evaluators = List.copyOf(evaluators);
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(judge, "judge");
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        models = List.copyOf(models);
    }

    /** Metadata that offers the model no tools and names no other models to compare on. */
    public TargetMetadata(String description, ModelSpec model, OutputFormat outputFormat, Template.Syntax syntax,
            List<EvaluatorSpec> evaluators, boolean modelDeclared, Optional<JsonNode> outputSchema,
            Optional<ModelSpec> judge) {
        this(description, model, outputFormat, syntax, evaluators, modelDeclared, outputSchema, judge, List.of(),
                Optional.empty(), List.of());
    }

    /** The same metadata on {@code other} (one of {@link #models()}), as a variant of the target runs. */
    public TargetMetadata onModel(ModelSpec other) {
        return new TargetMetadata(description, other, outputFormat, syntax, evaluators, true, outputSchema, judge,
                tools, toolChoice, models);
    }

    /** The model named {@code name}: {@link #model()} or one of {@link #models()}, if there is one. */
    public Optional<ModelSpec> modelNamed(String name) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(model), models.stream())
                .filter(spec -> spec.name().equals(name)).findFirst();
    }

    /** Metadata without a judge model of its own. */
    public TargetMetadata(String description, ModelSpec model, OutputFormat outputFormat, Template.Syntax syntax,
            List<EvaluatorSpec> evaluators, boolean modelDeclared, Optional<JsonNode> outputSchema) {
        this(description, model, outputFormat, syntax, evaluators, modelDeclared, outputSchema, Optional.empty());
    }

    /** Metadata without an output schema. */
    public TargetMetadata(String description, ModelSpec model, OutputFormat outputFormat, Template.Syntax syntax,
            List<EvaluatorSpec> evaluators, boolean modelDeclared) {
        this(description, model, outputFormat, syntax, evaluators, modelDeclared, Optional.empty());
    }

    /** Metadata that names its model. */
    public TargetMetadata(String description, ModelSpec model, OutputFormat outputFormat, Template.Syntax syntax,
            List<EvaluatorSpec> evaluators) {
        this(description, model, outputFormat, syntax, evaluators, true);
    }

    /** What a target without metadata gets: the default model, which it does not name. */
    public static TargetMetadata defaults() {
        return new TargetMetadata("", ModelSpec.DEFAULT, OutputFormat.TEXT, Template.Syntax.PYTHON, List.of(), false);
    }

    /** How the output is meant to be read. */
    public enum OutputFormat { TEXT, JSON }

    /**
     * How a model is asked for a structured reply (an LLM judge's verdict): {@code structured_output} in a
     * {@code model:} or {@code judge:} section.
     */
    public enum StructuredOutput {
        /** A JSON-schema response format for OpenAI(-compatible) and Ollama models, a tool call for the others. */
        AUTO,
        /** A JSON-schema response format ({@code response_format}). */
        RESPONSE_FORMAT,
        /** A tool call whose arguments are the reply, for models (or servers) without JSON-schema response formats. */
        TOOL_CALL
    }

    /**
     * A tool the model is offered.
     *
     * @param name        what the model calls it by
     * @param description what it does, for the model
     * @param parameters  the JSON Schema of its arguments, an object's
     */
    public record ToolSpec(String name, String description, JsonNode parameters) {

        public ToolSpec {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /**
     * The model a target runs on.
     *
     * @param provider   {@code openai}, {@code ollama} or {@code anthropic}
     * @param name       the provider's model name
     * @param parameters temperature, max_tokens, top_p… as the metadata spells them
     * @param price      {@code input} and {@code output} price per million tokens, empty to use the price table
     * @param structuredOutput how it is asked for a structured reply ({@code structured_output})
     */
    public record ModelSpec(String provider, String name, Map<String, Object> parameters, Map<String, Double> price,
            StructuredOutput structuredOutput) {

        static final ModelSpec DEFAULT = new ModelSpec("openai", "gpt-4o-mini", Map.of());

        public ModelSpec {
            parameters = Map.copyOf(parameters);
            price = Map.copyOf(price);
            Objects.requireNonNull(structuredOutput, "structuredOutput");
        }

        /** A model asked for structured replies as its provider suits best. */
        public ModelSpec(String provider, String name, Map<String, Object> parameters, Map<String, Double> price) {
            this(provider, name, parameters, price, StructuredOutput.AUTO);
        }

        /** A model without a price of its own. */
        public ModelSpec(String provider, String name, Map<String, Object> parameters) {
            this(provider, name, parameters, Map.of());
        }
    }

    /**
     * An evaluator named in the metadata.
     *
     * @param type the built-in evaluator's name, e.g. {@code contains}
     * @param args its arguments
     * @param min  the per-item threshold, NaN for none
     */
    public record EvaluatorSpec(String type, List<String> args, double min) {

        public EvaluatorSpec {
            args = List.copyOf(args);
        }
    }
}
