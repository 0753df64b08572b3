package dev.junitprompt.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.target.Template;
import dev.junitprompt.target.TemplateException;

/**
 * The texts {@code contains} and {@code not_contains} look for. Each is a template (Python syntax) filled
 * per item from the item's inputs, {@code input} (the inputs as a whole, unless an input has that name)
 * and {@code expected}, the expected output: {@code "{expected.keyword}"}, {@code "{job_title}"},
 * {@code "{input.job_title}"}. Text without braces is taken as it is.
 */
final class TextArguments {

    private final List<String> texts;
    private final List<Template> templates;
    private final boolean usesExpected;
    private final boolean usesInput;

    TextArguments(String evaluator, String[] args) {
        if (args == null || args.length == 0) {
            throw new IllegalArgumentException("Evaluator '" + evaluator + "' needs at least one text to look for, "
                    + "e.g. args = {\"refund\", \"{expected.keyword}\"}");
        }
        List<Template> parsed = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null || args[i].isEmpty()) {
                throw new IllegalArgumentException("Argument " + (i + 1) + " of evaluator '" + evaluator
                        + "' is empty; give the text to look for");
            }
            try {
                parsed.add(Template.parse(args[i], Template.Syntax.PYTHON,
                        "argument '" + args[i] + "' of evaluator '" + evaluator + "'"));
            } catch (TemplateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        this.texts = List.of(args);
        this.templates = List.copyOf(parsed);
        this.usesExpected = templates.stream().anyMatch(template -> template.variables().contains("expected"));
        this.usesInput = templates.stream().anyMatch(template -> template.variables().contains("input"));
    }

    /**
     * Checks that every input a text names is among the item's inputs ({@code expected} and {@code input}
     * always resolve; a missing expected output is said when the item runs, as for every evaluator).
     */
    void validate(DatasetItem item) {
        for (int i = 0; i < templates.size(); i++) {
            for (String variable : templates.get(i).variables()) {
                if (!variable.equals("expected") && !variable.equals("input") && !item.inputs().has(variable)) {
                    java.util.List<String> names = new java.util.ArrayList<>();
                    item.inputs().fieldNames().forEachRemaining(names::add);
                    throw new IllegalArgumentException("argument '" + texts.get(i) + "' names {" + variable
                            + "}, which item '" + item.id() + "' of dataset '" + item.dataset()
                            + "' has no input of; its inputs: " + names + " (also {input.…} and {expected.…})");
                }
            }
        }
    }

    /** Which texts the output contains and which it does not, in argument order. */
    Found find(PromptResult result, boolean ignoreCase) {
        JsonNode scope = scope(result);
        String output = ignoreCase ? result.output().toLowerCase(Locale.ROOT) : result.output();
        List<String> present = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (Template template : templates) {
            String text = template.render(scope);
            if (output.contains(ignoreCase ? text.toLowerCase(Locale.ROOT) : text)) {
                present.add(text);
            } else {
                absent.add(text);
            }
        }
        return new Found(present, absent);
    }

    /**
     * The item's inputs, plus {@code expected} when a text refers to it — only then, because reading it
     * fails for items without an expected output — and {@code input}, the inputs as a whole, unless an input
     * is named so. {@code expected} hides an input of the same name.
     */
    private JsonNode scope(PromptResult result) {
        JsonNode inputs = result.item().inputs();
        boolean addInput = usesInput && !inputs.has("input");
        if (!usesExpected && !addInput) {
            return inputs;
        }
        ObjectNode scope = JsonNodeFactory.instance.objectNode();
        if (inputs.isObject()) {
            scope.setAll((ObjectNode) inputs);
        }
        if (addInput) {
            scope.set("input", inputs);
        }
        if (usesExpected) {
            scope.set("expected", result.expected());
        }
        return scope;
    }

    @Override
    public String toString() {
        return texts.toString();
    }

    /** The filled-in texts found in the output and those not found. */
    record Found(List<String> present, List<String> absent) {

        int total() {
            return present.size() + absent.size();
        }

        static String quoted(List<String> texts) {
            StringBuilder out = new StringBuilder();
            texts.forEach(text -> out.append(out.length() == 0 ? "" : ", ").append('\'').append(text).append('\''));
            return out.toString();
        }
    }
}
