package dev.junitprompt.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;

/**
 * Compares the JSON output with the item's expected JSON, value by value, and scores the share of
 * expected values the output gets right.
 *
 * <ul>
 * <li>Objects are compared by key. Fields the output has beyond the expected ones are allowed and do not
 * lower the score.</li>
 * <li>Arrays are compared by position. Elements beyond the expected ones are not allowed: each counts as
 * one mismatch, since how many items a list has is usually part of the answer.</li>
 * <li>Numbers are compared numerically ({@code 1 == 1.0}); strings, booleans and null exactly. An empty
 * expected array matches only an empty array, an empty expected object any object.</li>
 * </ul>
 *
 * <p>The comment lists one mismatch a line with its path, {@code $.steps[2].title: expected "Intro",
 * actual "Introduction"}; the score's {@code mismatches} metadata has them as maps of {@code path},
 * {@code expected} and {@code actual} (JSON text; {@code actual} is absent for a missing value,
 * {@code expected} for an unexpected element). An output that is not JSON scores 0.
 *
 * <p>Arguments {@code ignore=<path>} leave fields out of the comparison; paths are dotted field names
 * without array positions, so {@code ignore=steps.title} ignores the title of every step.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class JsonMatchesExpected implements Evaluator {

    static final String NAME = "json_matches_expected";
    private static final Pattern PATH = Pattern.compile("[^.\\[\\]]+(\\.[^.\\[\\]]+)*");
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Set<String> ignored;

    /** @param args {@code ignore=<path>} arguments, possibly none */
    public JsonMatchesExpected(String... args) {
        this(Arrays.stream(args).map(arg -> Option.parse(NAME, arg, List.of("ignore")).value()).toList());
    }

    private JsonMatchesExpected(List<String> ignored) {
        Set<String> paths = new LinkedHashSet<>();
        for (String path : ignored) {
            String dotted = path.startsWith("$.") ? path.substring(2) : path;
            if (!PATH.matcher(dotted).matches()) {
                throw new IllegalArgumentException("Evaluator '" + NAME + "' cannot ignore '" + path
                        + "': write a dotted field path without array positions, e.g. steps.title");
            }
            paths.add(dotted);
        }
        this.ignored = Set.copyOf(paths);
    }

    /** This evaluator also leaving out the fields at the given dotted paths, e.g. {@code steps.title}. */
    public JsonMatchesExpected ignoring(String... paths) {
        List<String> all = new ArrayList<>(ignored);
        all.addAll(List.of(paths));
        return new JsonMatchesExpected(all);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Score evaluate(PromptResult result) {
        JsonNode expected = result.expected();
        JsonNode actual;
        try {
            actual = result.json();
        } catch (PromptResult.OutputNotJsonException e) {
            return Score.of(NAME, 0.0).withComment(e.getMessage());
        }
        Comparison comparison = new Comparison();
        comparison.compare(expected, actual, "$", "");
        if (comparison.mismatches.isEmpty()) {
            return Score.of(NAME, 1.0);
        }
        String lines = comparison.mismatches.stream().map(Mismatch::line).collect(Collectors.joining("\n"));
        return Score.of(NAME, comparison.passed / (double) comparison.checks)
                .withComment(comparison.passed + " of " + comparison.checks + " expected values match:\n" + lines)
                .withMetadata("mismatches", comparison.mismatches.stream().map(Mismatch::toMap).toList());
    }

    @Override
    public String toString() {
        return NAME + (ignored.isEmpty() ? "" : " ignoring " + ignored);
    }

    /**
     * Where {@code actual} differs from {@code expected} as this evaluator compares them (fields beyond the expected
     * ones allowed), one line each, {@code $.city: expected "Paris", actual "Rome"}; empty when it matches.
     */
    static List<String> differences(JsonNode expected, JsonNode actual) {
        Comparison comparison = new JsonMatchesExpected(List.<String>of()).new Comparison();
        comparison.compare(expected, actual, "$", "");
        return comparison.mismatches.stream().map(Mismatch::line).toList();
    }

    /** One evaluation's walk over the expected value; not shared between threads. */
    private final class Comparison {

        int checks;
        int passed;
        final List<Mismatch> mismatches = new ArrayList<>();

        /**
         * @param path    where we are, as shown to people: {@code $.steps[2].title}
         * @param pattern the same without array positions, as ignore paths are written: {@code steps.title}
         */
        void compare(JsonNode expected, JsonNode actual, String path, String pattern) {
            if (isContainer(expected) && expected.getNodeType() == actual.getNodeType()) {
                if (expected.isObject()) {
                    for (Map.Entry<String, JsonNode> field : expected.properties()) {
                        String childPattern = pattern.isEmpty() ? field.getKey() : pattern + "." + field.getKey();
                        if (!ignored.contains(childPattern)) {
                            JsonNode child = actual.get(field.getKey());
                            String childPath = path + key(field.getKey());
                            if (child == null) {
                                missing(field.getValue(), childPath, childPattern);
                            } else {
                                compare(field.getValue(), child, childPath, childPattern);
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < expected.size(); i++) {
                        JsonNode element = actual.get(i);
                        if (element == null) {
                            missing(expected.get(i), path + "[" + i + "]", pattern);
                        } else {
                            compare(expected.get(i), element, path + "[" + i + "]", pattern);
                        }
                    }
                    for (int i = expected.size(); i < actual.size(); i++) {
                        checks++;
                        mismatches.add(new Mismatch(path + "[" + i + "]", null, actual.get(i)));
                    }
                }
            } else if (isContainer(expected)) {
                int leaves = leaves(expected, pattern);
                checks += leaves;
                if (leaves > 0) {
                    mismatches.add(new Mismatch(path, expected, actual));
                }
            } else {
                checks++;
                if (sameValue(expected, actual)) {
                    passed++;
                } else {
                    mismatches.add(new Mismatch(path, expected, actual));
                }
            }
        }

        private void missing(JsonNode expected, String path, String pattern) {
            int leaves = leaves(expected, pattern);
            checks += leaves;
            if (leaves > 0) {
                mismatches.add(new Mismatch(path, expected, null));
            }
        }

        /** How many checks the expected value stands for: its values, leaving out ignored fields. */
        private int leaves(JsonNode expected, String pattern) {
            if (!isContainer(expected)) {
                return 1;
            }
            int leaves = 0;
            if (expected.isObject()) {
                for (Map.Entry<String, JsonNode> field : expected.properties()) {
                    String childPattern = pattern.isEmpty() ? field.getKey() : pattern + "." + field.getKey();
                    leaves += ignored.contains(childPattern) ? 0 : leaves(field.getValue(), childPattern);
                }
            } else {
                for (JsonNode element : expected) {
                    leaves += leaves(element, pattern);
                }
            }
            return leaves;
        }
    }

    /** Non-empty objects and arrays, compared part by part; empty ones are compared as single values. */
    private static boolean isContainer(JsonNode node) {
        return node.isContainerNode() && !node.isEmpty();
    }

    private static boolean sameValue(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isObject()) {
            return actual.isObject();
        }
        return expected.equals(actual);
    }

    /** A value as compact JSON, cut to 120 characters: what a comment shows of it. */
    static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    private static String key(String name) {
        return SIMPLE_KEY.matcher(name).matches() ? "." + name : "[" + TextNode.valueOf(name) + "]";
    }

    /**
     * One difference.
     *
     * @param expected the expected value, {@code null} for an element the output should not have
     * @param actual   the output's value, {@code null} when it is missing
     */
    private record Mismatch(String path, JsonNode expected, JsonNode actual) {

        String line() {
            if (actual == null) {
                return path + ": missing, expected " + abbreviated(expected);
            }
            if (expected == null) {
                return path + ": unexpected element " + abbreviated(actual);
            }
            return path + ": expected " + abbreviated(expected) + ", actual " + abbreviated(actual);
        }

        Map<String, String> toMap() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("path", path);
            if (expected != null) {
                map.put("expected", expected.toString());
            }
            if (actual != null) {
                map.put("actual", actual.toString());
            }
            return Collections.unmodifiableMap(map);
        }
    }
}
