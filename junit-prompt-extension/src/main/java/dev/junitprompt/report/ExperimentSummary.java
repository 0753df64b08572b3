package dev.junitprompt.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.junitprompt.api.Score;
import dev.junitprompt.api.Usage;

/**
 * Aggregates of an experiment's items: counts, pass rate, mean per metric, latency percentiles, tokens.
 *
 * @param experiment  the experiment's name
 * @param items       the item results in dataset order
 * @param thresholds  one line per experiment threshold with its verdict; empty until they were checked
 */
public record ExperimentSummary(String experiment, List<ItemResult> items, List<String> thresholds) {

    public ExperimentSummary {
        items = List.copyOf(items);
        thresholds = List.copyOf(thresholds);
    }

    public long count(ItemResult.Status status) {
        return items.stream().filter(item -> item.status() == status).count();
    }

    /** Share of items that passed, 0 for an empty experiment. */
    public double passRate() {
        return items.isEmpty() ? 0.0 : (double) count(ItemResult.Status.PASSED) / items.size();
    }

    /** Mean of every numeric metric over the items that have it, in the order metrics first appear. */
    public Map<String, Double> means() {
        Set<String> names = new LinkedHashSet<>();
        items.forEach(item -> item.scores().stream().filter(Score::isNumeric).forEach(s -> names.add(s.name())));
        Map<String, Double> means = new LinkedHashMap<>();
        for (String name : names) {
            means.put(name, items.stream().flatMap(item -> item.score(name).stream())
                    .mapToDouble(Score::value).average().orElse(Double.NaN));
        }
        return means;
    }

    /** The latency below which {@code percentile} % of the items fall (nearest rank). */
    public Duration latencyPercentile(int percentile) {
        List<Duration> sorted = new ArrayList<>(items.stream().map(ItemResult::latency).sorted().toList());
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    public Usage usage() {
        return items.stream().map(ItemResult::usage).reduce(Usage.NONE, Usage::plus);
    }
}
