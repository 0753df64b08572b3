package dev.junitprompt.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.junitprompt.api.PromptExperiment.PassRule;
import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;

/**
 * Aggregates of an experiment's results: counts, pass rate, mean per metric, latency percentiles,
 * tokens and cost. With repetitions, {@link #results()} holds every run and an item passes by the rule.
 *
 * @param experiment the experiment's name
 * @param results    the runs in dataset order (repetitions of an item next to each other)
 * @param thresholds one line per experiment threshold with its verdict; empty until they were checked
 * @param rule       when an item that ran several times passes
 * @param atLeast    the count for {@link PassRule#AT_LEAST}
 * @param notes      what a reader should know about the run (sampling, item selection)
 * @param links      where else the run can be seen: {@code Langfuse: <url>}, a report's path
 */
public record ExperimentSummary(String experiment, List<ItemResult> results, List<String> thresholds, PassRule rule,
        int atLeast, List<String> notes, List<String> links) {

    public ExperimentSummary {
        results = List.copyOf(results);
        thresholds = List.copyOf(thresholds);
        notes = List.copyOf(notes);
        links = List.copyOf(links);
    }

    /** A run without repetitions, notes or links. */
    public ExperimentSummary(String experiment, List<ItemResult> results, List<String> thresholds) {
        this(experiment, results, thresholds, PassRule.ALL, 0, List.of(), List.of());
    }

    /** Runs that ended with {@code status}. */
    public long count(ItemResult.Status status) {
        return results.stream().filter(result -> result.status() == status).count();
    }

    /** The ids of the items that ran, in order. */
    public Set<String> itemIds() {
        return verdicts().keySet();
    }

    /** Whether each item passed (every run, or as many as {@link #rule()} asks), in order; one pass over the runs. */
    public Map<String, Boolean> verdicts() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (ItemResult result : results) {
            int[] passedAndRuns = counts.computeIfAbsent(result.item().id(), id -> new int[2]);
            passedAndRuns[0] += result.passed() ? 1 : 0;
            passedAndRuns[1]++;
        }
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        counts.forEach((id, passedAndRuns) -> verdicts.put(id, rule.holds(passedAndRuns[0], passedAndRuns[1], atLeast)));
        return verdicts;
    }

    /** Share of items that passed, 0 for an empty experiment. */
    public double passRate() {
        Map<String, Boolean> verdicts = verdicts();
        return verdicts.isEmpty() ? 0.0
                : (double) verdicts.values().stream().filter(Boolean::booleanValue).count() / verdicts.size();
    }

    /** Mean of every numeric metric over the runs that have it, in the order metrics first appear. */
    public Map<String, Double> means() {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(result -> result.scores().stream().filter(Score::isNumeric).forEach(s -> names.add(s.name())));
        Map<String, Double> means = new LinkedHashMap<>();
        for (String name : names) {
            means.put(name, results.stream().flatMap(result -> result.score(name).stream())
                    .mapToDouble(Score::value).average().orElse(Double.NaN));
        }
        return means;
    }

    /** The latency below which {@code percentile} % of the runs fall (nearest rank). */
    public Duration latencyPercentile(int percentile) {
        List<Duration> sorted = new ArrayList<>(results.stream().map(ItemResult::latency).sorted().toList());
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    public Usage usage() {
        return results.stream().map(ItemResult::usage).reduce(Usage.NONE, Usage::plus);
    }

    /** Total cost of the runs whose price is known. */
    public double cost() {
        return results.stream().filter(ItemResult::costKnown).mapToDouble(ItemResult::cost).sum();
    }

    /** Models that made calls but have no price in the table, so {@link #cost()} leaves them out. */
    public Set<String> unpricedModels() {
        return results.stream().filter(result -> !result.costKnown() && !result.model().isEmpty()
                        && result.usage().totalTokens() > 0)
                .map(ItemResult::model).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
