package dev.junitprompt.results;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;

/**
 * An experiment's results and their run-level figures — counts, verdicts, pass rate, mean per metric,
 * latency percentiles, tokens and cost — computed once, when it is built, so every report and backend
 * shows the same numbers. With repetitions {@link #results()} holds every run and an item passes by
 * the rule.
 *
 * <pre>{@code
 * ExperimentSummary summary = ExperimentSummary.builder("prepGenerate")
 *         .results(results).passRule(PassRule.MAJORITY, 0).build();
 * summary.passRate();   // share of items that passed by the rule
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ExperimentSummary {

    private final String experiment;
    private final List<ItemResult> results;
    private final List<String> thresholds;
    private final PassRule rule;
    private final int atLeast;
    private final double passTarget;
    private final List<String> notes;
    private final List<String> links;
    private final List<Score> runScores;
    private final java.util.Optional<Comparison> comparison;
    private final Map<String, PassRule.Decision> decisions;
    private final Map<String, Boolean> verdicts;
    private final Map<ItemResult.Status, Long> counts;
    private final double passRate;
    private final Map<String, Double> means;
    private final List<Duration> sortedLatencies;
    private final Usage usage;
    private final double cost;
    private final Set<String> unpricedModels;

    private ExperimentSummary(Builder builder) {
        this.experiment = builder.experiment;
        this.results = List.copyOf(builder.results);
        this.thresholds = List.copyOf(builder.thresholds);
        this.rule = builder.rule;
        this.atLeast = builder.atLeast;
        this.passTarget = builder.passTarget;
        this.notes = List.copyOf(builder.notes);
        this.links = List.copyOf(builder.links);
        this.runScores = List.copyOf(builder.runScores);
        this.comparison = java.util.Optional.ofNullable(builder.comparison);
        this.decisions = Collections.unmodifiableMap(decisions(results, rule, atLeast, passTarget));
        Map<String, Boolean> passed = new LinkedHashMap<>();
        decisions.forEach((id, decision) -> passed.put(id, decision == PassRule.Decision.PASSED));
        this.verdicts = Collections.unmodifiableMap(passed);
        Map<ItemResult.Status, Long> byStatus = new LinkedHashMap<>();
        for (ItemResult.Status status : ItemResult.Status.values()) {
            byStatus.put(status, results.stream().filter(result -> result.status() == status).count());
        }
        this.counts = Collections.unmodifiableMap(byStatus);
        this.passRate = verdicts.isEmpty() ? 0.0
                : (double) verdicts.values().stream().filter(Boolean::booleanValue).count() / verdicts.size();
        this.means = Collections.unmodifiableMap(means(results));
        this.sortedLatencies = results.stream().map(ItemResult::latency).sorted().toList();
        this.usage = results.stream().map(ItemResult::usage).reduce(Usage.NONE, Usage::plus);
        this.cost = results.stream().filter(ItemResult::costKnown).mapToDouble(ItemResult::cost).sum();
        Set<String> unpriced = new LinkedHashSet<>();
        results.stream().filter(result -> !result.costKnown() && !result.model().isEmpty()
                && result.usage().totalTokens() > 0).forEach(result -> unpriced.add(result.model()));
        this.unpricedModels = Collections.unmodifiableSet(unpriced);
    }

    /** A summary of experiment {@code experiment}: add its results, thresholds, rule, notes and links. */
    public static Builder builder(String experiment) {
        return new Builder(experiment);
    }

    private static Map<String, PassRule.Decision> decisions(List<ItemResult> results, PassRule rule, int atLeast,
            double passTarget) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (ItemResult result : results) {
            int[] passedAndRuns = counts.computeIfAbsent(result.item().id(), id -> new int[2]);
            passedAndRuns[0] += result.passed() ? 1 : 0;
            passedAndRuns[1]++;
        }
        Map<String, PassRule.Decision> decisions = new LinkedHashMap<>();
        counts.forEach((id, passedAndRuns) -> decisions.put(id, rule.decide(passedAndRuns[0], passedAndRuns[1], atLeast,
                passTarget)));
        return decisions;
    }

    /** The mean of every numeric metric over {@code results} that have it, in the order metrics first appear. */
    public static Map<String, Double> means(List<ItemResult> results) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (ItemResult result : results) {
            // The first score of a name in a run counts, as score(name) reads it.
            Set<String> seen = new LinkedHashSet<>();
            for (Score score : result.scores()) {
                if (score.isNumeric() && seen.add(score.name())) {
                    double[] sumAndCount = sums.computeIfAbsent(score.name(), name -> new double[2]);
                    sumAndCount[0] += score.value();
                    sumAndCount[1]++;
                }
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, sumAndCount) -> means.put(name, sumAndCount[0] / sumAndCount[1]));
        return means;
    }

    /** The experiment's name. */
    public String experiment() {
        return experiment;
    }

    /**
     * The runs in dataset order (repetitions of an item next to each other). A running experiment's summary holds
     * them {@linkplain ItemResult#compact compact}, without prompts and traces; its run record has them whole.
     */
    public List<ItemResult> results() {
        return results;
    }

    /** One line per experiment threshold with its verdict; empty until they were checked. */
    public List<String> thresholds() {
        return thresholds;
    }

    /** When an item that ran several times passes. */
    public PassRule rule() {
        return rule;
    }

    /** The count for {@link PassRule#AT_LEAST}. */
    public int atLeast() {
        return atLeast;
    }

    /** What a reader should know about the run (sampling, item selection, backend trouble). */
    public List<String> notes() {
        return notes;
    }

    /** Where else the run can be seen: {@code Langfuse: <url>}, a report's path. */
    public List<String> links() {
        return links;
    }

    /** Runs that ended with {@code status}. */
    public long count(ItemResult.Status status) {
        return counts.get(status);
    }

    /** The ids of the items that ran, in order. */
    public Set<String> itemIds() {
        return verdicts.keySet();
    }

    /** Each item's verdict by {@link #rule()}: passed, failed, or (by {@code WILSON}) inconclusive, in order. */
    public Map<String, PassRule.Decision> decisions() {
        return decisions;
    }

    /** The pass rate {@code WILSON} holds items to. */
    public double passTarget() {
        return passTarget;
    }

    /** Whether each item passed (every run, or as many as {@link #rule()} asks), in order. */
    public Map<String, Boolean> verdicts() {
        return verdicts;
    }

    /** This run against its baseline, when it has one. */
    public java.util.Optional<Comparison> comparison() {
        return comparison;
    }

    /** The scores run evaluators gave the whole run (F1 over the items, say), in their order. */
    public List<Score> runScores() {
        return runScores;
    }

    /** The run score named {@code metric}, if a run evaluator gave one. */
    public java.util.Optional<Score> runScore(String metric) {
        return runScores.stream().filter(score -> score.name().equals(metric)).findFirst();
    }

    /** Share of items that passed, 0 for an empty experiment. */
    public double passRate() {
        return passRate;
    }

    /** Mean of every numeric metric over the runs that have it, in the order metrics first appear. */
    public Map<String, Double> means() {
        return means;
    }

    /** The latency below which {@code percentile} % of the runs fall (nearest rank). */
    public Duration latencyPercentile(int percentile) {
        if (sortedLatencies.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sortedLatencies.size());
        return sortedLatencies.get(Math.max(0, rank - 1));
    }

    public Usage usage() {
        return usage;
    }

    /** Total cost of the runs whose price is known. */
    public double cost() {
        return cost;
    }

    /** Models that made calls but have no price in the table, so {@link #cost()} leaves them out. */
    public Set<String> unpricedModels() {
        return unpricedModels;
    }

    /** Builds an {@link ExperimentSummary}; by default no results, thresholds, notes or links, rule ALL. */
    public static final class Builder {

        private final String experiment;
        private final List<ItemResult> results = new ArrayList<>();
        private final List<String> thresholds = new ArrayList<>();
        private PassRule rule = PassRule.ALL;
        private int atLeast;
        private double passTarget = 0.8;
        private final List<String> notes = new ArrayList<>();
        private final List<String> links = new ArrayList<>();
        private final List<Score> runScores = new ArrayList<>();
        private Comparison comparison;

        private Builder(String experiment) {
            this.experiment = Objects.requireNonNull(experiment, "experiment");
        }

        public Builder results(List<ItemResult> results) {
            this.results.addAll(results);
            return this;
        }

        public Builder thresholds(List<String> thresholds) {
            this.thresholds.addAll(thresholds);
            return this;
        }

        /** The pass rate {@code WILSON} must show an item reaches; default 0.8. */
        public Builder passTarget(double target) {
            this.passTarget = target;
            return this;
        }

        public Builder passRule(PassRule rule, int atLeast) {
            this.rule = Objects.requireNonNull(rule, "rule");
            this.atLeast = atLeast;
            return this;
        }

        public Builder notes(List<String> notes) {
            this.notes.addAll(notes);
            return this;
        }

        public Builder links(List<String> links) {
            this.links.addAll(links);
            return this;
        }

        /** This run against its baseline. */
        public Builder comparison(Comparison against) {
            this.comparison = against;
            return this;
        }

        /** The scores run evaluators gave the whole run. */
        public Builder runScores(List<Score> scores) {
            this.runScores.addAll(scores);
            return this;
        }

        public ExperimentSummary build() {
            return new ExperimentSummary(this);
        }
    }
}
