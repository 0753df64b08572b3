package dev.junitprompt.target;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A prompt template filled from a dataset item's inputs.
 *
 * <p>The text is parsed once into literal text and placeholders, so rendering thousands of items does no
 * parsing. A placeholder names a top-level input and may reach into it with {@code .field} and
 * {@code [index]} (or {@code [key]}). Values are written as: strings as they are, everything else as
 * compact JSON — numbers and booleans as {@code 42} and {@code true}, objects and arrays as
 * {@code {"a":1}} and {@code [1,2]}, and a JSON null as {@code null}.
 *
 * <p>Instances are immutable and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Template {

    /** How placeholders are written. */
    public enum Syntax {
        /**
         * Python's {@code str.format}, as in the seed's {@code prompt.txt}: {@code {name}},
         * {@code {candidate.name}}, {@code {items[0]}}; {@code {{} and {@code }}} are literal braces.
         * Only named fields are supported: no positional fields, conversions or format specs.
         */
        PYTHON,
        /**
         * Langfuse style: {@code {{name}}} or {@code {{ candidate.name }}}. Single braces are literal text,
         * so JSON in the prompt needs no escaping. There are no sections or partials.
         */
        MUSTACHE
    }

    private final String source;
    private final String origin;
    private final List<Part> parts;
    private final Set<String> variables;
    private final int literalLength;

    private Template(String source, String origin, List<Part> parts) {
        this.source = source;
        this.origin = origin;
        this.parts = List.copyOf(parts);
        Set<String> roots = new LinkedHashSet<>();
        int length = 0;
        for (Part part : parts) {
            if (part instanceof Field field) {
                roots.add(field.root());
            } else {
                length += ((Literal) part).text().length();
            }
        }
        this.variables = Collections.unmodifiableSet(roots);
        this.literalLength = length;
    }

    /**
     * Parses a template.
     *
     * @param origin the file or target the text comes from, named in error messages
     * @throws TemplateException naming the origin, line and column of the first syntax error
     */
    public static Template parse(String text, Syntax syntax, String origin) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(origin, "origin");
        return new Template(text, origin, new TemplateParser(text, origin).parse(syntax));
    }

    /** The template's text as it was parsed. */
    public String source() {
        return source;
    }

    /**
     * Fills the placeholders from {@code variables}, usually the item's inputs object.
     *
     * @throws TemplateException naming the placeholder, the origin and the available variables when a
     *                           placeholder cannot be resolved
     */
    public String render(JsonNode variables) {
        Objects.requireNonNull(variables, "variables");
        // Literal text plus a guess for the values avoids most of the builder's regrowth.
        StringBuilder out = new StringBuilder(literalLength + 32 * Math.max(0, parts.size() - 1) + 16);
        for (Part part : parts) {
            part.appendTo(out, variables, origin);
        }
        return out.toString();
    }

    /** The top-level variable names the placeholders use, in order of first appearance. */
    public Set<String> variables() {
        return variables;
    }

    @Override
    public String toString() {
        return "Template[" + origin + "]";
    }

    /** A piece of parsed template. */
    sealed interface Part permits Literal, Field {
        void appendTo(StringBuilder out, JsonNode variables, String origin);
    }

    /** Text copied as it is (with {@code {{} already unescaped for Python syntax). */
    record Literal(String text) implements Part {
        @Override
        public void appendTo(StringBuilder out, JsonNode variables, String origin) {
            out.append(text);
        }
    }

    /**
     * A placeholder.
     *
     * @param placeholder the placeholder as written, braces included, for messages
     * @param root        the top-level variable
     * @param steps       the accesses into it, possibly none
     */
    record Field(String placeholder, String root, List<Step> steps) implements Part {

        Field {
            steps = List.copyOf(steps);
        }

        @Override
        public void appendTo(StringBuilder out, JsonNode variables, String origin) {
            JsonNode value = resolve(variables, origin);
            out.append(value.isTextual() ? value.textValue() : value.toString());
        }

        JsonNode resolve(JsonNode variables, String origin) {
            JsonNode node = variables.get(root);
            if (node == null) {
                throw missing(origin, "there is no variable '" + root + "' (" + available(variables)
                        + "); add '" + root + "' to the item's inputs or correct the placeholder");
            }
            for (int i = 0; i < steps.size(); i++) {
                JsonNode next = steps.get(i).in(node);
                if (next == null) {
                    throw missing(origin, steps.get(i).whyMissing(node, path(i)));
                }
                node = next;
            }
            return node;
        }

        /** The expression up to (not including) step {@code end}, as people read it: {@code candidate.skills}. */
        private String path(int end) {
            StringBuilder path = new StringBuilder(root);
            steps.subList(0, end).forEach(step -> path.append(step.written()));
            return path.toString();
        }

        private TemplateException missing(String origin, String reason) {
            return new TemplateException(origin, path(steps.size()),
                    "Template " + origin + " uses " + placeholder + " but " + reason);
        }

        private static String available(JsonNode variables) {
            if (!variables.isObject()) {
                return "the inputs are a JSON " + typeName(variables) + ", not an object of named values";
            }
            if (variables.isEmpty()) {
                return "the inputs are empty";
            }
            return "available variables: " + names(variables);
        }
    }

    /**
     * One access into a value: {@code .name}, {@code [key]} or {@code [0]}.
     *
     * @param key     the field name, or the index as text
     * @param index   the index for arrays, -1 when the key is not a number
     * @param written the access as written, for messages
     */
    record Step(String key, int index, String written) {

        static Step field(String name) {
            return new Step(name, indexOf(name), "." + name);
        }

        static Step element(String key) {
            return new Step(key, indexOf(key), "[" + key + "]");
        }

        // As in str.format, an all-digit key is an element number; anything else is a key.
        private static int indexOf(String key) {
            if (key.isEmpty() || key.length() > 9 || !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            return Integer.parseInt(key);
        }

        /** The value this step reaches in {@code node}, {@code null} when there is none. */
        JsonNode in(JsonNode node) {
            if (node.isArray()) {
                return index < 0 ? null : node.get(index);
            }
            return node.isObject() ? node.get(key) : null;
        }

        String whyMissing(JsonNode node, String path) {
            if (node.isObject()) {
                return "'" + path + "' has no field '" + key + "'"
                        + (node.isEmpty() ? " (it is an empty object)" : "; its fields are: " + names(node));
            }
            if (node.isArray()) {
                return index < 0
                        ? "'" + path + "' is an array, so '" + key + "' must be an element number such as "
                                + path + "[0]"
                        : "'" + path + "' has " + node.size() + " element" + (node.size() == 1 ? "" : "s")
                                + ", so " + written + " is out of range";
            }
            String what = node.isNull() ? "null" : "a " + typeName(node) + " (" + abbreviated(node) + ")";
            return "'" + path + "' is " + what + ", not an object or array";
        }
    }

    private static String names(JsonNode object) {
        StringBuilder names = new StringBuilder();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.append(names.length() == 0 ? "" : ", ").append(it.next());
        }
        return names.toString();
    }

    private static String typeName(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
