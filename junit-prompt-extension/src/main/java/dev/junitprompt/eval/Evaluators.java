package dev.junitprompt.eval;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluate;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.EvaluatorSource;

/**
 * The built-in evaluators: factories for {@link EvaluatorSource} methods, lookup by name for the
 * {@code evaluators} of a target's {@code .metadata.yaml}, and creation of the classes named by
 * {@link Evaluate}.
 *
 * <pre>{@code
 * @EvaluatorSource
 * static List<Evaluator> evaluators() {
 *     return List.of(
 *             Evaluators.regex("^Q\\d+:").min(1.0),          // each item must match, or it fails
 *             Evaluators.notContains("refund").ignoringCase(), // scored and recorded
 *             Evaluators.words(20, 200),
 *             Evaluators.jsonField("/category").isOneOf("billing", "shipping"),
 *             Evaluators.similarToExpected().min(0.8));
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Evaluators {

    /** Built-ins by name, sorted so that error messages list them alphabetically. */
    private static final Map<String, Function<String[], Evaluator>> BUILT_INS = new TreeMap<>(Map.ofEntries(
            Map.entry(ExactMatch.NAME, ExactMatch::new),
            Map.entry(Contains.NAME, Contains::new),
            Map.entry(NotContains.NAME, NotContains::new),
            Map.entry(Regex.NAME, Regex::new),
            Map.entry(ValidJson.NAME, ValidJson::new),
            Map.entry(JsonMatchesExpected.NAME, JsonMatchesExpected::new),
            Map.entry(LengthBounds.NAME, LengthBounds::new),
            Map.entry(JsonSchema.NAME, JsonSchema::new),
            Map.entry(Levenshtein.NAME, Levenshtein::new),
            Map.entry(SimilarToExpected.NAME, SimilarToExpected::new),
            Map.entry(Latency.NAME, Latency::new),
            Map.entry(LlmJudge.NAME, LlmJudge::new),
            Map.entry(Cost.NAME, Cost::new),
            Map.entry(ToolCalled.NAME, ToolCalled::new)));

    private Evaluators() {
    }

    /**
     * An LLM judge whose score is named {@code name}: pass/fail on the rubric in {@code judge.md} beside the target
     * until given another rubric, criteria, a scale or a mode; see {@link LlmJudge}.
     */
    public static LlmJudge judge(String name) {
        return LlmJudge.called(name);
    }

    /** Producing the output cost at most {@code usd}, by the price table; see {@link Cost}. */
    public static Cost costAtMost(double usd) {
        return new Cost(usd);
    }

    /** The weighted mean of the item's other scores, named {@code name}; see {@link WeightedScore}. */
    public static WeightedScore weighted(String name) {
        return new WeightedScore(name, Map.of());
    }

    /** Output equals the expected output, ignoring surrounding whitespace; see {@link ExactMatch}. */
    public static ExactMatch exactMatch() {
        return new ExactMatch();
    }

    /** Share of the texts (templates over the item) the output contains; see {@link Contains}. */
    public static Contains contains(String... texts) {
        return new Contains(texts);
    }

    /** Share of the texts (templates over the item) the output does not contain; see {@link NotContains}. */
    public static NotContains notContains(String... texts) {
        return new NotContains(texts);
    }

    /** The pattern is found in the output; see {@link Regex}. */
    public static Regex regex(String pattern) {
        return new Regex(pattern);
    }

    /** The output is JSON; see {@link ValidJson}. */
    public static ValidJson validJson() {
        return new ValidJson();
    }

    /** Share of the expected JSON values the output gets right; see {@link JsonMatchesExpected}. */
    public static JsonMatchesExpected jsonMatchesExpected() {
        return new JsonMatchesExpected();
    }

    /** The output has {@code min} to {@code max} characters (inclusive); see {@link LengthBounds}. */
    public static LengthBounds length(int min, int max) {
        return new LengthBounds(List.of(LengthBounds.Bounds.of(LengthBounds.Unit.CHARACTERS, min, max)));
    }

    /** The output has {@code min} to {@code max} words (inclusive); see {@link LengthBounds}. */
    public static LengthBounds words(int min, int max) {
        return new LengthBounds(List.of(LengthBounds.Bounds.of(LengthBounds.Unit.WORDS, min, max)));
    }

    /** The output is valid against the JSON Schema given as JSON text; see {@link JsonSchema}. */
    public static JsonSchema jsonSchema(String schema) {
        return JsonSchema.inline(schema);
    }

    /** The output is valid against the JSON Schema in {@code file} (from the working directory); see {@link JsonSchema}. */
    public static JsonSchema jsonSchema(Path file) {
        return JsonSchema.file(file);
    }

    /**
     * A field of the JSON output, by JSON Pointer ({@code "/category"}), to check with {@code exists()},
     * {@code isEqualTo(…)}, {@code isOneOf(…)} or {@code matches(…)}; see {@link JsonField}.
     */
    public static JsonField jsonField(String pointer) {
        return new JsonField(pointer);
    }

    /**
     * Closeness in meaning to the expected output: the cosine similarity of their embeddings, by an in-process model
     * unless {@code .using(embeddingModel)}; see {@link SimilarToExpected}.
     */
    public static SimilarToExpected similarToExpected() {
        return new SimilarToExpected();
    }

    /** Closeness to the expected output by edit distance, 1 when equal; see {@link Levenshtein}. */
    public static Levenshtein editDistanceToExpected() {
        return new Levenshtein();
    }

    /** The output took at most {@code max} (model call or task method); see {@link Latency}. */
    public static Latency latencyAtMost(Duration max) {
        return new Latency(max);
    }

    /**
     * Whether the model asked for the tool {@code name} (a target whose metadata declares {@code tools}); narrow it
     * with {@link ToolCalled#withArguments(String)}.
     */
    public static ToolCalled toolCalled(String name) {
        return ToolCalled.of(name);
    }

    /** Whether the model asked for the call the item's expected output describes, {@code {"name", "arguments"}}. */
    public static ToolCalled toolCalledAsExpected() {
        return ToolCalled.asExpected();
    }

    /**
     * The built-in evaluator called {@code name} (its {@link Evaluator#name()}), created with {@code args}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the built-ins, or for arguments the
     *                                  evaluator does not accept
     */
    public static Evaluator byName(String name, List<String> args) {
        Function<String[], Evaluator> factory = BUILT_INS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown evaluator '" + name + "'; built-in evaluators are: "
                    + String.join(", ", BUILT_INS.keySet()));
        }
        return factory.apply(args == null ? new String[0] : args.toArray(String[]::new));
    }

    /**
     * Creates the evaluator class named by an {@link Evaluate} annotation: through its no-argument
     * constructor when there are no arguments and it has one, else through a public constructor taking
     * {@code String...} or {@code List<String>}.
     *
     * @throws IllegalArgumentException when no constructor fits, or with the evaluator's own message when
     *                                  it rejects the arguments
     */
    public static Evaluator instantiate(Class<? extends Evaluator> type, String[] args) {
        Objects.requireNonNull(type, "type");
        String[] given = args == null ? new String[0] : args.clone();
        Constructor<? extends Evaluator> constructor = constructor(type, given.length == 0);
        Object[] parameters = constructor.getParameterCount() == 0 ? new Object[0]
                : new Object[] {constructor.getParameterTypes()[0] == List.class ? List.of(given) : given};
        try {
            // A public constructor of a class that is not public itself, say one nested in the test class.
            constructor.trySetAccessible();
            return constructor.newInstance(parameters);
        } catch (InvocationTargetException e) {
            // The evaluator's own message says what is wrong with its arguments; don't bury it.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalArgumentException("Evaluator " + type.getName() + " could not be created with arguments "
                    + Arrays.toString(given) + ": " + e.getCause(), e.getCause());
        } catch (InstantiationException e) {
            throw new IllegalArgumentException("Evaluator " + type.getName()
                    + " is abstract; @Evaluate needs a concrete class", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("Evaluator " + type.getName() + " cannot be created from here: "
                    + e.getMessage() + "; make the class public", e);
        }
    }

    private static Constructor<? extends Evaluator> constructor(Class<? extends Evaluator> type, boolean noArgs) {
        if (noArgs) {
            Constructor<? extends Evaluator> none = publicConstructor(type);
            if (none != null) {
                return none;
            }
        }
        Constructor<? extends Evaluator> strings = publicConstructor(type, String[].class);
        if (strings == null) {
            strings = publicConstructor(type, List.class);
        }
        if (strings != null) {
            return strings;
        }
        boolean inner = type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
        throw new IllegalArgumentException("Evaluator " + type.getName() + " needs a public constructor taking "
                + "String... or List<String>" + (noArgs ? ", or none," : "") + " to be created by @Evaluate"
                + (inner ? "; it is an inner class, so make it static" : ""));
    }

    private static Constructor<? extends Evaluator> publicConstructor(Class<? extends Evaluator> type,
            Class<?>... parameterTypes) {
        try {
            return type.getConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
