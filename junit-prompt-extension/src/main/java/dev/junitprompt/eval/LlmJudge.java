package dev.junitprompt.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.EvaluationContext;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;

/**
 * An LLM as judge: asks the judge model ({@link EvaluationContext#judgeModel()}) for a structured verdict on the
 * output, against a rubric and named criteria, on a scale normalised to 0..1. Its reasoning becomes the score's
 * comment; the criteria it found met and missed, the items it passed and failed and its suggestions become the
 * score's metadata (shown in the failure message, the report and as score metadata in Langfuse and LangSmith).
 *
 * <pre>{@code
 * Evaluators.judge("no_refund_promise")
 *         .rubric("The reply must not promise a refund, a credit or money back, in any wording.")
 *         .criteria("no refund promised", "apologises once")
 *         .scale(LlmJudge.Scale.range(1, 5))
 *         .min(0.75);
 * }</pre>
 *
 * <p>Modes: {@link Mode#CRITERIA} judges the output alone; {@link Mode#REFERENCE} whether it is consistent with the
 * expected output; {@link Mode#FACTUALITY} how its facts relate to the expected output's (a subset, a superset, the
 * same, a contradiction), scored as autoevals' Factuality does. Without a rubric, {@code judge.md} beside the
 * target ({@code targets/<name>/judge.md}) is the rubric when there is one; few-shot examples can go in it.
 *
 * <p>The verdict is asked for in a JSON-schema response format when the judge model takes one (its
 * {@code supportedCapabilities()}: OpenAI and Ollama by default), else as a required call of the tool
 * {@value #VERDICT_TOOL}, whose parameters are the verdict's schema and whose arguments are read as the verdict
 * (Anthropic, {@code structured_output: tool_call} in the judge's {@code judge:} or {@code model:} section, a user's
 * model that does not claim the capability). A model that refuses the response format (HTTP 400 naming it) is asked
 * with the tool from then on, saying so once; one that refuses tools too, with the JSON asked for in the prompt alone.
 *
 * <p>A reply that is not a verdict (not JSON, a missing field, a score outside the scale) is asked again once,
 * saying what was wrong; a second such reply errors the item with the judge's raw reply. It is never read as 0.
 * Judge calls go through the run's recordings, so they replay in CI like the target's.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LlmJudge implements ContextEvaluator {

    /** The name of the built-in, for {@code .metadata.yaml}. */
    public static final String NAME = "llm_judge";

    /** The rubric's file beside the target when none is given. */
    public static final String RUBRIC_FILE = "judge.md";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("name", "rubric", "rubric_file", "criteria", "steps", "scale",
            "mode", "both_orders");

    /** What the judge compares the output with. */
    public enum Mode {
        /** The output alone, against the rubric and criteria. */
        CRITERIA,
        /** Whether the output is consistent with the expected output (the reference). */
        REFERENCE,
        /** How the output's facts relate to the expected output's: autoevals' Factuality. */
        FACTUALITY,
        /**
         * Which is better, this run's output or the baseline's for the same item ({@code prompt.experiment.baseline}):
         * 1 when this run's wins, 0.5 for a tie, 0 when the baseline's does. The two are shown in an order drawn from
         * the item's id, so neither side always comes first; {@link #bothOrders()} judges both orders and calls a
         * verdict that flips with the order a tie.
         */
        PAIRWISE
    }

    /**
     * The scale the judge answers on, normalised to 0..1: pass/fail (a boolean score), whole numbers from
     * {@code low} to {@code high}, or categories from best to worst.
     */
    public static final class Scale {

        private final int low;
        private final int high;
        private final List<String> categories;

        private Scale(int low, int high, List<String> categories) {
            this.low = low;
            this.high = high;
            this.categories = List.copyOf(categories);
        }

        /** Pass or fail: a boolean score. */
        public static Scale binary() {
            return new Scale(0, 1, List.of("pass", "fail"));
        }

        /** Whole numbers from {@code low} to {@code high}, e.g. 1–5 or 0–10; {@code low} scores 0, {@code high} 1. */
        public static Scale range(int low, int high) {
            if (high <= low) {
                throw new IllegalArgumentException("A judge's scale needs low < high, but is " + low + "-" + high);
            }
            return new Scale(low, high, List.of());
        }

        /** Named categories, best first: the first scores 1, the last 0, the others evenly between. */
        public static Scale categories(String... bestFirst) {
            if (bestFirst.length < 2) {
                throw new IllegalArgumentException("A judge's categories need at least two, best first, e.g. "
                        + "good,acceptable,poor; got " + Arrays.toString(bestFirst));
            }
            return new Scale(0, bestFirst.length - 1, List.of(bestFirst));
        }

        /** {@code binary}, {@code 1-5}, {@code 0-10}, or categories best first: {@code good,acceptable,poor}. */
        static Scale parse(String text) {
            String value = text.strip();
            if (value.equals("binary")) {
                return binary();
            }
            java.util.regex.Matcher range = java.util.regex.Pattern.compile("(-?\\d+)\\s*-\\s*(-?\\d+)").matcher(value);
            if (range.matches()) {
                return range(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)));
            }
            if (value.contains(",")) {
                return categories(Arrays.stream(value.split(",")).map(String::strip).toArray(String[]::new));
            }
            throw new IllegalArgumentException("Evaluator '" + NAME + "': scale '" + text + "' is none of binary, "
                    + "a range such as 1-5, or categories best first such as good,acceptable,poor");
        }

        boolean isBinary() {
            return categories.equals(List.of("pass", "fail"));
        }

        /** How the judge is told to answer. */
        String instruction() {
            if (isBinary()) {
                return "\"pass\" if the output meets the rubric, else \"fail\"";
            }
            if (!categories.isEmpty()) {
                return "one of " + categories.stream().map(c -> "\"" + c + "\"").toList() + " (best first)";
            }
            return "a whole number from " + low + " (worst) to " + high + " (best)";
        }

        /** The JSON Schema of the verdict's {@code verdict} field. */
        Map<String, Object> schema() {
            Map<String, Object> schema = new LinkedHashMap<>();
            if (categories.isEmpty()) {
                schema.put("type", "integer");
            } else {
                schema.put("type", "string");
                schema.put("enum", categories);
            }
            return schema;
        }

        /** The verdict as 0..1, or empty when it is not on the scale. */
        Optional<Double> normalise(JsonNode verdict) {
            if (categories.isEmpty()) {
                if (!verdict.canConvertToExactIntegral() || verdict.asInt() < low || verdict.asInt() > high) {
                    return Optional.empty();
                }
                return Optional.of((verdict.asDouble() - low) / (high - low));
            }
            int index = categories.indexOf(verdict.asText().strip().toLowerCase(Locale.ROOT));
            if (!verdict.isTextual() || index < 0) {
                return Optional.empty();
            }
            return Optional.of(1.0 - (double) index / (categories.size() - 1));
        }

        @Override
        public String toString() {
            return isBinary() ? "binary" : categories.isEmpty() ? low + "-" + high : String.join(",", categories);
        }
    }

    /** Autoevals' Factuality: the choice, what it means, and its score. */
    private static final Map<String, Map.Entry<String, Double>> FACTUALITY = new LinkedHashMap<>();

    static {
        FACTUALITY.put("A", Map.entry("the output is a subset of the expected answer and fully consistent with it", 0.4));
        FACTUALITY.put("B", Map.entry("the output is a superset of the expected answer and fully consistent with it", 0.6));
        FACTUALITY.put("C", Map.entry("the output contains all the same details as the expected answer", 1.0));
        FACTUALITY.put("D", Map.entry("there is a disagreement between the output and the expected answer", 0.0));
        FACTUALITY.put("E", Map.entry("the answers differ, but these differences don't matter from the "
                + "perspective of factuality", 1.0));
    }

    private final String name;
    private final String rubric;
    private final String rubricFile;
    private final List<String> criteria;
    private final List<String> steps;
    private final Scale scale;
    private final Mode mode;
    private final boolean bothOrders;

    private LlmJudge(String name, String rubric, String rubricFile, List<String> criteria, List<String> steps,
            Scale scale, Mode mode) {
        this(name, rubric, rubricFile, criteria, steps, scale, mode, false);
    }

    private LlmJudge(String name, String rubric, String rubricFile, List<String> criteria, List<String> steps,
            Scale scale, Mode mode, boolean bothOrders) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An LLM judge needs a name: its score is known by it");
        }
        this.name = name;
        this.rubric = rubric;
        this.rubricFile = rubricFile;
        this.criteria = List.copyOf(criteria);
        this.steps = List.copyOf(steps);
        this.scale = Objects.requireNonNull(scale, "scale");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.bothOrders = bothOrders;
    }

    /**
     * How the judge model refused, for the console: its HTTP status, not the provider's message, which a proxy may
     * fill with the request's headers (the key among them).
     */
    private static String refusal(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.junitprompt.model.ModelCallFailedException failed
                    && failed.statusCode().isPresent()) {
                return "HTTP " + failed.statusCode().getAsInt();
            }
        }
        return e.getClass().getSimpleName();
    }

    /** A judge named {@code name}: criteria mode, pass/fail, the rubric from {@code judge.md} beside the target. */
    static LlmJudge called(String name) {
        return new LlmJudge(name, "", "", List.of(), List.of(), Scale.binary(), Mode.CRITERIA);
    }

    /**
     * For {@code @Evaluate(value = LlmJudge.class, args = …)} and {@code .metadata.yaml}: arguments
     * {@code name=…}, {@code rubric=…}, {@code rubric_file=…} (beside the target, or from the project's folder),
     * {@code criteria=a|b}, {@code steps=first|second}, {@code scale=binary|1-5|good,ok,poor},
     * {@code mode=criteria|reference|factuality}.
     */
    public LlmJudge(String... args) {
        this(options(args));
    }

    private LlmJudge(Map<String, String> options) {
        this(options.getOrDefault("name", NAME), options.getOrDefault("rubric", ""),
                options.getOrDefault("rubric_file", ""), list(options.get("criteria")), list(options.get("steps")),
                options.containsKey("scale") ? Scale.parse(options.get("scale")) : Scale.binary(),
                mode(options.getOrDefault("mode", "criteria")), Boolean.parseBoolean(options.get("both_orders")));
    }

    private static Map<String, String> options(String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            Option option = Option.parse(NAME, arg, KEYS);
            options.put(option.key(), option.value());
        }
        return options;
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split("\\|")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }

    private static Mode mode(String value) {
        try {
            return Mode.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Evaluator '" + NAME + "': mode '" + value + "' is none of criteria, "
                    + "reference, factuality, pairwise", e);
        }
    }

    /** This judge with this rubric: what a good output is, in the judge's words. */
    public LlmJudge rubric(String text) {
        return new LlmJudge(name, text, rubricFile, criteria, steps, scale, mode, bothOrders);
    }

    /** This judge with the rubric read from {@code file}: beside the target when relative and found there. */
    public LlmJudge rubricFile(String file) {
        return new LlmJudge(name, rubric, file, criteria, steps, scale, mode, bothOrders);
    }

    /** Named criteria the judge checks one by one; their results are in the score's metadata. */
    public LlmJudge criteria(String... names) {
        return new LlmJudge(name, rubric, rubricFile, List.of(names), steps, scale, mode, bothOrders);
    }

    /** G-Eval style evaluation steps the judge follows before it decides. */
    public LlmJudge steps(String... evaluationSteps) {
        return new LlmJudge(name, rubric, rubricFile, criteria, List.of(evaluationSteps), scale, mode, bothOrders);
    }

    public LlmJudge scale(Scale value) {
        return new LlmJudge(name, rubric, rubricFile, criteria, steps, value, mode, bothOrders);
    }

    public LlmJudge mode(Mode value) {
        return new LlmJudge(name, rubric, rubricFile, criteria, steps, scale, value, bothOrders);
    }

    /** For {@link Mode#PAIRWISE}: judge both orders, and call a verdict that changes with the order a tie. */
    public LlmJudge bothOrders() {
        return new LlmJudge(name, rubric, rubricFile, criteria, steps, scale, mode, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void validate(dev.junitprompt.api.DatasetItem item) {
        if ((mode == Mode.REFERENCE || mode == Mode.FACTUALITY) && item.expectedOutput().isEmpty()) {
            throw new IllegalArgumentException("Evaluator '" + name + "' judges in " + mode.name().toLowerCase(Locale.ROOT)
                    + " mode, against the expected output, but item '" + item.id() + "' has none; add it to "
                    + "expected.json or use mode=criteria");
        }
    }

    @Override
    public String needs() {
        return "a judge model";
    }

    @Override
    public Score evaluate(EvaluationContext context) throws JudgeReplyException {
        ChatModel judge = context.judgeModel().orElseThrow(() -> new IllegalStateException("The LLM judge '" + name
                + "' has no model to ask: give the test class a @JudgeModel (or @PromptModel), set "
                + dev.junitprompt.api.Constants.JUDGE_MODEL + ", or judge a target whose metadata names a model"));
        Asking asking = asking(judge);
        String instructions = instructions(context);
        if (mode == Mode.PAIRWISE) {
            return pairwise(context, judge, instructions, asking);
        }
        return verdict(judge, instructions, subject(context.result()), asking, null).score();
    }

    // ------------------------------------------------------------------------------- how the verdict is asked for

    /** The tool a judge without JSON-schema response formats answers through: its arguments are the verdict. */
    static final String VERDICT_TOOL = "submit_verdict";

    /** How a judge model is asked for its verdict, in the order a judge falls back through them. */
    private enum Asking {
        /** A JSON-schema response format: the reply's text is the verdict. */
        RESPONSE_FORMAT,
        /** A required call of {@link #VERDICT_TOOL}, whose parameters are the verdict's schema. */
        TOOL_CALL,
        /** Neither: the instructions alone ask for the JSON (a model that takes no tools either). */
        PROMPT;

        /** What to ask with when this was refused. */
        Asking fallback() {
            return values()[Math.min(ordinal() + 1, PROMPT.ordinal())];
        }

        /** Whether {@code e} is the provider refusing this way of asking (an HTTP 400 naming it), not any failure. */
        boolean refusedBy(RuntimeException e) {
            List<String> words = this == RESPONSE_FORMAT
                    ? List.of("response_format", "json_schema", "response format", "structured output")
                    : this == TOOL_CALL ? List.of("tool") : List.of();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
                boolean unsupported = cause instanceof dev.langchain4j.exception.UnsupportedFeatureException
                        || message.contains("400");
                if (unsupported && words.stream().anyMatch(message::contains)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * How each judge model (by {@link #identity}) is asked after it refused a way of asking: a run pays for one refusal,
     * not one per item. (Refusals are recorded, so a replay falls back the same.)
     */
    private final Map<String, Asking> fallbacks = new java.util.concurrent.ConcurrentHashMap<>();

    private Asking asking(ChatModel judge) {
        Asking preferred = judge.supportedCapabilities().contains(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                ? Asking.RESPONSE_FORMAT : Asking.TOOL_CALL;
        Asking learned = fallbacks.get(identity(judge));
        return learned != null && learned.compareTo(preferred) > 0 ? learned : preferred;
    }

    private static String identity(ChatModel judge) {
        String model = judge.defaultRequestParameters() == null ? null : judge.defaultRequestParameters().modelName();
        return judge.provider() + "/" + model + "/" + judge.getClass().getName();
    }

    /** The judge's reply: the JSON to read as the verdict, and the reply as people are shown it. */
    private record Reply(String json, String shown) {
    }

    /**
     * Asks for a verdict, once more when the reply is not one, saying what was wrong.
     *
     * @param current for {@link Mode#PAIRWISE}: which of A and B is this run's output; else {@code null}
     */
    private Verdict verdict(ChatModel judge, String instructions, String subject, Asking asking, String current)
            throws JudgeReplyException {
        List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from(asking == Asking.TOOL_CALL
                ? instructions + "Give this object as the arguments of a call of the tool " + VERDICT_TOOL + ".\n"
                : instructions), UserMessage.from(subject)));
        Reply reply;
        try {
            reply = ask(judge, messages, asking);
        } catch (RuntimeException e) {
            if (asking == Asking.PROMPT || !asking.refusedBy(e)) {
                throw e;
            }
            // Said once a run: the provider or server takes no JSON-schema response format, or no tools.
            Asking next = asking.fallback();
            java.util.concurrent.atomic.AtomicBoolean learned = new java.util.concurrent.atomic.AtomicBoolean();
            fallbacks.compute(identity(judge), (key, known) -> {
                if (known != null && known.compareTo(next) >= 0) {
                    return known;
                }
                learned.set(true);
                return next;
            });
            if (learned.get()) {
                System.err.println("[prompt-experiment] judge '" + name + "': the judge model refused "
                        + (asking == Asking.RESPONSE_FORMAT ? "a JSON-schema response format" : "tools") + " ("
                        + refusal(e) + "); its verdicts are asked for "
                        + (next == Asking.TOOL_CALL ? "as a tool call. Set structured_output: tool_call in the judge's "
                                + "model section to ask that way at once" : "in the prompt alone"));
            }
            return verdict(judge, instructions, subject, next, current);
        }
        Verdict verdict;
        try {
            verdict = read(reply.json(), current);
        } catch (UnreadableReply first) {
            // Once more, saying what was wrong: a judge that slipped once usually answers properly.
            if (asking == Asking.TOOL_CALL) {
                // Quoted in a user message, not answered as the tool's result: the same words whether the judge
                // called the tool with bad arguments or answered in text instead.
                messages.add(UserMessage.from("Your verdict could not be read: " + first.getMessage() + ". You sent: "
                        + reply.shown() + ". Call " + VERDICT_TOOL + " again, with every field described."));
            } else {
                messages.add(AiMessage.from(reply.json()));
                messages.add(UserMessage.from("Your reply could not be read as a verdict: " + first.getMessage()
                        + ". Answer again with only the JSON object described, nothing else."));
            }
            Reply second = ask(judge, messages, asking);
            try {
                verdict = read(second.json(), current);
            } catch (UnreadableReply again) {
                throw new JudgeReplyException(name + ": the judge's reply is not a verdict (" + again.getMessage()
                        + "), asked twice; its reply: " + abbreviate(second.shown()));
            }
        }
        return verdict;
    }

    /**
     * This run's output against the baseline's, in an order drawn from the item's id (and, with
     * {@link #bothOrders()}, in the other order too: a verdict that follows the position rather than the output is a
     * tie).
     */
    private Score pairwise(EvaluationContext context, ChatModel judge, String instructions, Asking asking)
            throws JudgeReplyException {
        PromptResult result = context.result();
        String other = context.baselineOutput().orElseThrow(() -> new dev.junitprompt.api
                .MissingBaselineOutputException(result.item(), name));
        boolean currentFirst = (result.item().id().hashCode() & 1) == 0;
        Verdict first = verdict(judge, instructions, pairSubject(result, currentFirst ? result.output() : other,
                currentFirst ? other : result.output()), asking, currentFirst ? "A" : "B");
        if (!bothOrders) {
            return first.score();
        }
        Verdict swapped = verdict(judge, instructions, pairSubject(result, currentFirst ? other : result.output(),
                currentFirst ? result.output() : other), asking(judge), currentFirst ? "B" : "A");
        if (first.score().value() == swapped.score().value()) {
            return first.score().withMetadata("orders", "both agree");
        }
        return Score.of(name, 0.5).withComment("A tie: the verdict changed with the order (" + first.score().comment()
                + " / " + swapped.score().comment() + ")").withMetadata("winner", "tie")
                .withMetadata("orders", "disagree").withMetadata("reasoning", first.score().comment());
    }

    private static String pairSubject(PromptResult result, String a, String b) {
        StringBuilder text = new StringBuilder("# Input\n").append(result.item().inputs().toString())
                .append("\n\n# Output A\n").append(a).append("\n\n# Output B\n").append(b);
        result.item().expectedOutput().ifPresent(expected -> text.append("\n\n# Expected answer\n")
                .append(expected.isTextual() ? expected.asText() : expected.toString()));
        return text.toString();
    }

    private Reply ask(ChatModel judge, List<ChatMessage> messages, Asking asking) {
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        if (asking == Asking.RESPONSE_FORMAT) {
            request.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(JsonSchema.builder()
                    .name("verdict").rootElement(JsonRawSchema.from(verdictSchema())).build()).build());
        } else if (asking == Asking.TOOL_CALL) {
            request.toolSpecifications(ToolSpecification.builder().name(VERDICT_TOOL)
                    .description("Submits your verdict on the output").parameters(verdictParameters()).build())
                    .toolChoice(ToolChoice.REQUIRED);
        }
        AiMessage reply = judge.chat(request.build()).aiMessage();
        String text = reply.text() == null ? "" : reply.text();
        if (asking == Asking.TOOL_CALL && reply.hasToolExecutionRequests()) {
            ToolExecutionRequest call = reply.toolExecutionRequests().stream()
                    .filter(requested -> VERDICT_TOOL.equals(requested.name())).findFirst()
                    .orElse(reply.toolExecutionRequests().get(0));
            String arguments = call.arguments() == null ? "" : call.arguments();
            return new Reply(arguments, "a call of " + call.name() + " with " + (arguments.isBlank() ? "no arguments"
                    : arguments) + (text.isBlank() ? "" : ", and the text " + text));
        }
        // A judge that answers in text even so (a server that ignores tool_choice) is read as the JSON path would.
        return new Reply(text, text);
    }

    // ------------------------------------------------------------------------------------------------ the prompt

    private String instructions(EvaluationContext context) {
        StringBuilder text = new StringBuilder("You are a strict, fair evaluator of an AI model's output.");
        String rules = rubricText(context);
        switch (mode) {
            case CRITERIA -> text.append(" Judge the output against the rubric.");
            case REFERENCE -> text.append(" Judge whether the output is consistent with the expected answer: it may"
                    + " be worded differently, but must not contradict or leave out what the expected answer says.");
            case FACTUALITY -> text.append(" Compare the factual content of the output with the expected answer,"
                    + " ignoring differences in style, grammar or punctuation.");
            case PAIRWISE -> text.append(" Two outputs, A and B, answer the same input: decide which meets the rubric"
                    + " better, or whether they are equally good. Their order says nothing about them.");
        }
        if (!rules.isBlank()) {
            text.append("\n\n# Rubric\n").append(rules.strip());
        }
        if (!criteria.isEmpty()) {
            text.append("\n\n# Criteria (judge each, by its name)\n");
            criteria.forEach(criterion -> text.append("- ").append(criterion).append('\n'));
        }
        if (!steps.isEmpty()) {
            text.append("\n\n# Evaluation steps (follow them in order before you decide)\n");
            for (int i = 0; i < steps.size(); i++) {
                text.append(i + 1).append(". ").append(steps.get(i)).append('\n');
            }
        }
        text.append("\n\n# Answer\nAnswer with only a JSON object with the fields:\n")
                .append("- \"reasoning\": why, in two to four sentences\n")
                .append("- \"criteria\": for each criterion, {\"name\", \"passed\": true or false, \"reasoning\"}"
                        + " (an empty list when there are none)\n")
                .append("- \"passed_items\": what the output does right, short phrases\n")
                .append("- \"failed_items\": what it gets wrong or misses, short phrases\n")
                .append("- \"suggestions\": how the output (or its prompt) could be better\n")
                .append("- \"verdict\": ");
        if (mode == Mode.PAIRWISE) {
            text.append("\"A\" or \"B\" for the better output, \"tie\" when neither is better\n");
        } else if (mode == Mode.FACTUALITY) {
            text.append("one of \"A\", \"B\", \"C\", \"D\", \"E\":\n");
            FACTUALITY.forEach((choice, meaning) -> text.append("  ").append(choice).append(": ")
                    .append(meaning.getKey()).append('\n'));
        } else {
            text.append(scale.instruction()).append('\n');
        }
        return text.toString();
    }

    private String rubricText(EvaluationContext context) {
        if (!rubric.isBlank()) {
            return rubric;
        }
        Optional<Path> file = rubricFile.isBlank()
                ? context.targetDirectory().map(folder -> folder.resolve(RUBRIC_FILE)).filter(Files::isRegularFile)
                : Optional.of(resolve(context, rubricFile));
        if (file.isEmpty()) {
            if (criteria.isEmpty() && mode == Mode.CRITERIA) {
                throw new IllegalStateException("The LLM judge '" + name + "' has no rubric and no criteria: give it "
                        + "rubric=… or criteria=…, or put a " + RUBRIC_FILE + " beside the target");
            }
            return "";
        }
        try {
            return Files.readString(file.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("The LLM judge '" + name + "' cannot read its rubric " + file.get() + ": "
                    + e.getMessage(), e);
        }
    }

    private Path resolve(EvaluationContext context, String file) {
        Path path = Path.of(file);
        if (!path.isAbsolute() && context.targetDirectory().isPresent()
                && Files.isRegularFile(context.targetDirectory().get().resolve(path))) {
            return context.targetDirectory().get().resolve(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("The LLM judge '" + name + "': rubric_file '" + file + "' is neither beside "
                    + "the target" + context.targetDirectory().map(folder -> " (" + folder + ")").orElse("")
                    + " nor at " + path.toAbsolutePath());
        }
        return path;
    }

    private String subject(PromptResult result) {
        StringBuilder text = new StringBuilder("# Input\n").append(result.item().inputs().toString())
                .append("\n\n# Output\n").append(result.output());
        if (mode != Mode.CRITERIA) {
            JsonNode expected = result.expected();
            text.append("\n\n# Expected answer\n").append(expected.isTextual() ? expected.asText() : expected.toString());
        }
        return text.toString();
    }

    /** The verdict's schema as a tool's parameters, read by LangChain4j from the same JSON Schema. */
    @SuppressWarnings("unchecked")
    private JsonObjectSchema verdictParameters() {
        try {
            return (JsonObjectSchema) JsonSchemaElementJsonUtils.fromMap(JSON.readValue(verdictSchema(), Map.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String verdictSchema() {
        Map<String, Object> verdict = mode == Mode.PAIRWISE ? Map.of("type", "string", "enum", List.of("A", "B", "tie"))
                : mode == Mode.FACTUALITY ? Map.of("type", "string", "enum", List.copyOf(FACTUALITY.keySet()))
                : scale.schema();
        Map<String, Object> criterion = Map.of("type", "object", "properties", Map.of(
                "name", Map.of("type", "string"), "passed", Map.of("type", "boolean"),
                "reasoning", Map.of("type", "string")), "required", List.of("name", "passed", "reasoning"),
                "additionalProperties", false);
        Map<String, Object> strings = Map.of("type", "array", "items", Map.of("type", "string"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("reasoning", Map.of("type", "string"));
        properties.put("criteria", Map.of("type", "array", "items", criterion));
        properties.put("passed_items", strings);
        properties.put("failed_items", strings);
        properties.put("suggestions", strings);
        properties.put("verdict", verdict);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.copyOf(properties.keySet()));
        schema.put("additionalProperties", false);
        try {
            return JSON.writeValueAsString(schema);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- the verdict

    /** A reply that is no verdict; its message says what is wrong, for the judge and for people. */
    private static final class UnreadableReply extends Exception {

        UnreadableReply(String message) {
            super(message, null, false, false);
        }
    }

    /** The judge's answer, read. */
    private record Verdict(Score score) {
    }

    /** @param current for {@link Mode#PAIRWISE}: which of A and B is this run's output */
    private Verdict read(String reply, String current) throws UnreadableReply {
        JsonNode json = parse(reply);
        if (!json.path("reasoning").isTextual()) {
            throw new UnreadableReply("it has no \"reasoning\" text");
        }
        JsonNode verdict = json.path("verdict");
        if (verdict.isMissingNode() || verdict.isNull()) {
            throw new UnreadableReply("it has no \"verdict\"");
        }
        double value;
        String category = null;
        if (mode == Mode.PAIRWISE) {
            String choice = verdict.asText().strip();
            if (!verdict.isTextual() || !List.of("A", "B", "tie").contains(choice)) {
                throw new UnreadableReply("\"verdict\" is " + verdict + ", not \"A\", \"B\" or \"tie\"");
            }
            value = choice.equals("tie") ? 0.5 : choice.equals(current) ? 1.0 : 0.0;
            category = value == 1.0 ? "this run" : value == 0.0 ? "baseline" : "tie";
        } else if (mode == Mode.FACTUALITY) {
            Map.Entry<String, Double> choice = FACTUALITY.get(verdict.asText().strip().toUpperCase(Locale.ROOT));
            if (!verdict.isTextual() || choice == null) {
                throw new UnreadableReply("\"verdict\" is " + verdict + ", not one of A, B, C, D, E");
            }
            value = choice.getValue();
            category = verdict.asText().strip().toUpperCase(Locale.ROOT) + ": " + choice.getKey();
        } else {
            value = scale.normalise(verdict).orElseThrow(() -> new UnreadableReply("\"verdict\" is " + verdict
                    + ", not " + scale.instruction()));
            if (!scale.categories.isEmpty()) {
                category = verdict.asText().strip().toLowerCase(Locale.ROOT);
            }
        }
        String reasoning = json.path("reasoning").asText().strip();
        List<Map<String, Object>> criteriaResults = new ArrayList<>();
        for (JsonNode criterion : json.path("criteria")) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", criterion.path("name").asText());
            result.put("passed", criterion.path("passed").asBoolean());
            result.put("reasoning", criterion.path("reasoning").asText());
            criteriaResults.add(result);
        }
        List<String> passed = strings(json.path("passed_items"));
        List<String> failed = strings(json.path("failed_items"));
        List<String> suggestions = strings(json.path("suggestions"));
        Score score = scale.isBinary() && mode == Mode.CRITERIA || scale.isBinary() && mode == Mode.REFERENCE
                ? Score.of(name, value == 1.0) : Score.of(name, value);
        score = score.withComment(comment(reasoning, criteriaResults, failed, suggestions))
                .withMetadata("reasoning", reasoning)
                .withMetadata("verdict", verdict.isTextual() ? verdict.asText() : verdict.numberValue())
                .withMetadata("scale", mode == Mode.FACTUALITY || mode == Mode.PAIRWISE
                        ? mode.name().toLowerCase(Locale.ROOT) : scale.toString())
                .withMetadata("criteria", criteriaResults)
                .withMetadata("passed_items", passed)
                .withMetadata("failed_items", failed)
                .withMetadata("suggestions", suggestions);
        if (mode == Mode.PAIRWISE) {
            return new Verdict(score.withMetadata("winner", category).withMetadata("this_run_was", current));
        }
        return new Verdict(category == null ? score : score.withMetadata("category", category));
    }

    /** The reply's JSON object: alone, in a code fence, or the first object in the text. */
    private static JsonNode parse(String reply) throws UnreadableReply {
        String text = reply.strip();
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new UnreadableReply("it holds no JSON object");
        }
        try {
            JsonNode json = JSON.readTree(text.substring(start, end + 1));
            if (!json.isObject()) {
                throw new UnreadableReply("it is not a JSON object");
            }
            return json;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableReply("its JSON is malformed (" + e.getOriginalMessage() + ")");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** The reasoning, then what failed and what to do, as people read it in a failure. */
    private static String comment(String reasoning, List<Map<String, Object>> criteria, List<String> failed,
            List<String> suggestions) {
        StringBuilder text = new StringBuilder(reasoning);
        for (Map<String, Object> criterion : criteria) {
            text.append('\n').append(Boolean.TRUE.equals(criterion.get("passed")) ? "✓ " : "✗ ")
                    .append(criterion.get("name"));
            String why = String.valueOf(criterion.get("reasoning"));
            if (!why.isBlank()) {
                text.append(": ").append(why);
            }
        }
        if (!failed.isEmpty()) {
            text.append("\nfailed: ").append(String.join("; ", failed));
        }
        if (!suggestions.isEmpty()) {
            text.append("\nsuggestions: ").append(String.join("; ", suggestions));
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        String flat = text.strip();
        return flat.isEmpty() ? "(empty)" : flat.length() <= 2000 ? flat : flat.substring(0, 2000) + "…";
    }

    /** The judge's reply could not be read as a verdict, twice: the item errors with the raw reply. */
    public static final class JudgeReplyException extends Exception {

        JudgeReplyException(String message) {
            super(message);
        }
    }
}
