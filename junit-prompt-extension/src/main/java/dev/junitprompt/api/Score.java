package dev.junitprompt.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * What an evaluator says about one output: a number in 0..1, a boolean, or a category, with an optional
 * comment (the reasoning a person reads when the item fails) and metadata.
 *
 * @param name     the metric's name, usually the evaluator's
 * @param type     numeric, boolean or categorical
 * @param value    the value in 0..1; 1 or 0 for booleans; NaN for categories
 * @param category the label of a categorical score, {@code null} otherwise
 * @param comment  reasoning, a diff or other explanation; may be empty
 * @param metadata extra structured detail; never {@code null}
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Score(String name, Type type, double value, String category, String comment,
        Map<String, Object> metadata) {

    /** Kinds of score, as Langfuse and LangSmith both know them. */
    public enum Type { NUMERIC, BOOLEAN, CATEGORICAL }

    public Score {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type != Type.CATEGORICAL && !(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("Score '" + name + "' must be in 0..1 but was " + value);
        }
        comment = comment == null ? "" : comment;
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    /** A numeric score in 0..1. */
    public static Score of(String name, double value) {
        return new Score(name, Type.NUMERIC, value, null, "", Map.of());
    }

    /** A pass/fail score: 1 when passed, 0 otherwise. */
    public static Score of(String name, boolean passed) {
        return new Score(name, Type.BOOLEAN, passed ? 1.0 : 0.0, null, "", Map.of());
    }

    /** A categorical score such as {@code "relevant"}; it has no numeric value to hold a threshold to. */
    public static Score category(String name, String category) {
        return new Score(name, Type.CATEGORICAL, Double.NaN, Objects.requireNonNull(category, "category"), "",
                Map.of());
    }

    /** This score under another name. */
    public Score withName(String name) {
        return new Score(name, type, value, category, comment, metadata);
    }

    public Score withComment(String comment) {
        return new Score(name, type, value, category, comment, metadata);
    }

    public Score withMetadata(String key, Object detail) {
        Map<String, Object> copy = new LinkedHashMap<>(metadata);
        copy.put(key, detail);
        return new Score(name, type, value, category, comment, copy);
    }

    /** True for numeric and boolean scores, which thresholds apply to. */
    public boolean isNumeric() {
        return type != Type.CATEGORICAL;
    }

    /** The value as people read it: {@code 0.83}, {@code true}, or the category. */
    public String formattedValue() {
        return switch (type) {
            case NUMERIC -> String.format(java.util.Locale.ROOT, "%.2f", value);
            case BOOLEAN -> String.valueOf(value == 1.0);
            case CATEGORICAL -> category;
        };
    }
}
