package dev.junitprompt.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.RunEvaluator;
import dev.junitprompt.api.Score;

/**
 * A run evaluator for classification prompts: each output is a label (the text, trimmed, case ignored; or the JSON
 * field {@link #field} names), each expected output the right label, and the run is scored as a classifier:
 * {@code accuracy}, and macro-averaged {@code precision}, {@code recall} and {@code f1} over the labels (or, with
 * {@link #positive}, those of one label). Per-label figures and the confusions are in the scores' metadata.
 *
 * <pre>{@code
 * @EvaluatorSource
 * static List<Object> evaluators() {
 *     return List.of(RunEvaluators.classification().field("/category"));
 * }
 *
 * @PromptExperiment(dataset = "tickets", target = "triage")
 * @Threshold(metric = "f1", min = 0.8)
 * void triage() {
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Classification implements RunEvaluator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String field;
    private final String positive;

    Classification(String field, String positive) {
        this.field = field;
        this.positive = positive;
    }

    /** Reads the label from this JSON Pointer ({@code /category}) of the output and the expected output. */
    public Classification field(String pointer) {
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("classification: field '" + pointer + "' is no JSON Pointer; write it "
                    + "as /category or /result/label");
        }
        return new Classification(pointer, positive);
    }

    /** Precision, recall and F1 of this one label (a binary classifier's positive class), not macro-averaged. */
    public Classification positive(String label) {
        return new Classification(field, normal(label));
    }

    @Override
    public String name() {
        return "classification";
    }

    @Override
    public List<String> metrics() {
        return List.of("accuracy", "precision", "recall", "f1");
    }

    @Override
    public List<Score> evaluate(List<ScoredResult> results) {
        Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
        List<String> unlabelled = new ArrayList<>();
        int correct = 0;
        int counted = 0;
        for (ScoredResult scored : results) {
            Optional<JsonNode> expectedOutput = scored.result().item().expectedOutput();
            Optional<String> predicted = label(scored.result().output());
            if (expectedOutput.isEmpty()) {
                unlabelled.add(scored.result().item().id() + " has no expected label");
                continue;
            }
            Optional<String> expected = label(expectedOutput.get());
            if (expected.isEmpty()) {
                unlabelled.add(scored.result().item().id() + ": its expected output has no " + describeField());
                continue;
            }
            // An output without a label is a wrong prediction, not a skipped one.
            String guess = predicted.orElse("(no label)");
            confusion.computeIfAbsent(expected.get(), key -> new LinkedHashMap<>()).merge(guess, 1, Integer::sum);
            counted++;
            if (guess.equals(expected.get())) {
                correct++;
            }
        }
        TreeSet<String> labels = new TreeSet<>(confusion.keySet());
        confusion.values().forEach(row -> labels.addAll(row.keySet()));
        labels.remove("(no label)");
        Map<String, Map<String, Double>> perLabel = new LinkedHashMap<>();
        for (String label : labels) {
            int truePositive = confusion.getOrDefault(label, Map.of()).getOrDefault(label, 0);
            int actual = confusion.getOrDefault(label, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
            int predicted = confusion.values().stream().mapToInt(row -> row.getOrDefault(label, 0)).sum();
            double precision = predicted == 0 ? 0 : (double) truePositive / predicted;
            double recall = actual == 0 ? 0 : (double) truePositive / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perLabel.put(label, Map.of("precision", precision, "recall", recall, "f1", f1, "support", (double) actual));
        }
        double accuracy = counted == 0 ? 0 : (double) correct / counted;
        double precision;
        double recall;
        double f1;
        String over;
        if (positive != null) {
            Map<String, Double> figures = perLabel.getOrDefault(positive, Map.of("precision", 0.0, "recall", 0.0,
                    "f1", 0.0));
            precision = figures.get("precision");
            recall = figures.get("recall");
            f1 = figures.get("f1");
            over = "label '" + positive + "'";
        } else {
            // Macro averages over the labels that occur as truth: a label only ever predicted adds no recall term.
            List<String> truths = List.copyOf(confusion.keySet());
            precision = truths.stream().mapToDouble(label -> perLabel.get(label).get("precision")).average().orElse(0);
            recall = truths.stream().mapToDouble(label -> perLabel.get(label).get("recall")).average().orElse(0);
            f1 = truths.stream().mapToDouble(label -> perLabel.get(label).get("f1")).average().orElse(0);
            over = "macro average over " + truths.size() + " labels";
        }
        String comment = correct + " of " + counted + " labelled right; " + over
                + (unlabelled.isEmpty() ? "" : "; not counted: " + String.join(", ", unlabelled));
        List<Score> scores = new ArrayList<>();
        for (Map.Entry<String, Double> figure : Map.of("accuracy", accuracy, "precision", precision, "recall", recall,
                "f1", f1).entrySet().stream().sorted(Map.Entry.comparingByKey(
                        java.util.Comparator.comparingInt(metrics()::indexOf))).toList()) {
            scores.add(Score.of(figure.getKey(), figure.getValue()).withComment(comment)
                    .withMetadata("per_label", perLabel).withMetadata("confusion", confusion));
        }
        return scores;
    }

    private Optional<String> label(String output) {
        if (field == null) {
            return Optional.of(normal(output)).filter(label -> !label.isEmpty());
        }
        try {
            return label(JSON.readTree(output));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private Optional<String> label(JsonNode value) {
        JsonNode node = field == null ? value : value.at(field);
        if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(normal(node.asText())).filter(label -> !label.isEmpty());
    }

    private String describeField() {
        return field == null ? "text label" : "label at " + field;
    }

    private static String normal(String label) {
        return label.strip().toLowerCase(Locale.ROOT);
    }
}
