package dev.junitprompt.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * One field of the JSON output, found by a JSON Pointer ({@code /category}, {@code /steps/0/title}) or the same path
 * written {@code $.steps[0].title}, and the checks it can be put to. Each check is a pass/fail evaluator whose score is
 * named after the path, {@code json_field_category} ({@code json_field_steps_0_title}), unless it is
 * {@link Evaluator#named(String) named} otherwise; its comment names the path and the value found there, or says that
 * the field is missing or the output is not JSON (a Markdown code fence around it is tolerated).
 *
 * <pre>{@code
 * @EvaluatorSource
 * static List<Evaluator> evaluators() {
 *     return List.of(
 *             Evaluators.jsonField("/category").isOneOf("billing", "shipping").min(1.0),
 *             Evaluators.jsonField("/priority").isEqualTo(1),
 *             Evaluators.jsonField("/reply").matches("(?i)sorry").named("apologises"),
 *             Evaluators.jsonField("$.steps[0].title").exists());
 * }
 * }</pre>
 *
 * <p>Values are compared as JSON: strings exactly, numbers by value ({@code 1} equals {@code 1.0}), objects and
 * arrays member by member. Java values are turned into JSON as Jackson does ({@code "billing"}, {@code 3},
 * {@code true}, a {@code Map}, a {@code List}, a {@code JsonNode}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class JsonField {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DOLLAR_PATH = Pattern.compile("\\$((\\.[A-Za-z_][A-Za-z0-9_]*)|(\\[\\d+]))*");
    private static final Pattern DOLLAR_STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]");
    /** Numbers by value, everything else as Jackson compares it; applied at every level of objects and arrays. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private final String path;
    private final JsonPointer pointer;

    JsonField(String path) {
        this.path = Objects.requireNonNull(path, "path").strip();
        this.pointer = pointer(this.path);
    }

    private static JsonPointer pointer(String path) {
        if (path.startsWith("$")) {
            if (!DOLLAR_PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("jsonField(\"" + path + "\"): write the path as a JSON Pointer, "
                        + "e.g. /steps/0/title (a $ path may only hold field names and [index], as in $.steps[0].title)");
            }
            StringBuilder converted = new StringBuilder();
            DOLLAR_STEP.matcher(path.substring(1)).results().forEach(step -> converted.append('/')
                    .append(step.group(1) != null ? step.group(1) : step.group(2)));
            return JsonPointer.compile(converted.toString());
        }
        try {
            return JsonPointer.compile(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jsonField(\"" + path + "\") is not a JSON Pointer: it starts with '/', "
                    + "as in /" + path + " (or write $." + path + ")", e);
        }
    }

    /** Passes when the output has the field, whatever its value ({@code null} included). */
    public Evaluator exists() {
        return new Check(this, "exists", value -> true, "");
    }

    /** Passes when the field's value is {@code value}, compared as JSON. */
    public Evaluator isEqualTo(Object value) {
        JsonNode expected = json(value);
        return new Check(this, "is equal to " + JsonMatchesExpected.abbreviated(expected),
                actual -> actual.equals(SAME_VALUE, expected), "expected " + JsonMatchesExpected.abbreviated(expected));
    }

    /** Passes when the field's value is one of {@code values}, compared as JSON. */
    public Evaluator isOneOf(Object... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("jsonField(\"" + path + "\").isOneOf() needs at least one value, "
                    + "e.g. isOneOf(\"billing\", \"shipping\")");
        }
        List<JsonNode> allowed = Arrays.stream(values).map(JsonField::json).toList();
        String list = allowed.stream().map(JsonMatchesExpected::abbreviated).collect(Collectors.joining(", ", "[", "]"));
        return new Check(this, "is one of " + list,
                actual -> allowed.stream().anyMatch(value -> actual.equals(SAME_VALUE, value)), "expected one of " + list);
    }

    /**
     * Passes when {@code regex} is found in the field's value: a string as it is, a number or boolean as its JSON
     * text; an object, array or null never matches. As for {@link Regex}, anchor it ({@code ^…$}) for a whole match.
     */
    public Evaluator matches(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("jsonField(\"" + path + "\").matches got an invalid pattern '" + regex
                    + "': " + e.getDescription() + " near index " + e.getIndex(), e);
        }
        return new Check(this, "matches /" + pattern + "/",
                actual -> actual.isValueNode() && !actual.isNull() && pattern.matcher(actual.asText()).find(),
                "expected a match for /" + pattern + "/");
    }

    /** {@code json_field_} and the path's steps joined by {@code _}, any character but letters and digits as {@code _}. */
    String scoreName() {
        StringBuilder name = new StringBuilder("json_field");
        for (JsonPointer step = pointer; !step.matches(); step = step.tail()) {
            name.append('_').append(step.getMatchingProperty().replaceAll("[^A-Za-z0-9_]", "_"));
        }
        return name.toString();
    }

    private static JsonNode json(Object value) {
        return value == null ? NullNode.getInstance() : JSON.valueToTree(value);
    }

    @Override
    public String toString() {
        return path;
    }

    /**
     * One check of the field.
     *
     * @param description what it checks, for {@link #toString()}
     * @param test        whether the value found passes
     * @param complaint   what the comment adds after the value when it does not; empty for nothing
     */
    private record Check(JsonField field, String description, Predicate<JsonNode> test, String complaint)
            implements Evaluator {

        @Override
        public String name() {
            return field.scoreName();
        }

        @Override
        public Score evaluate(PromptResult result) {
            JsonNode value;
            try {
                value = result.json().at(field.pointer);
            } catch (PromptResult.OutputNotJsonException e) {
                return Score.of(name(), false).withComment(field.path + " cannot be read: " + e.getMessage());
            }
            if (value.isMissingNode()) {
                return Score.of(name(), false).withComment(field.path + " is missing from the output"
                        + (complaint.isEmpty() ? "" : ", " + complaint));
            }
            boolean passed = test.test(value);
            String found = field.path + " is " + JsonMatchesExpected.abbreviated(value);
            return Score.of(name(), passed).withComment(passed || complaint.isEmpty() ? found : found + ", " + complaint);
        }

        @Override
        public String toString() {
            return name() + ": " + field.path + " " + description;
        }
    }
}
