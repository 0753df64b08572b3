package dev.junitprompt.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.api.Score;

/**
 * This run against a baseline (an earlier run of the experiment, or a committed baseline record), item by item: per
 * metric the mean difference with a 95 % paired-bootstrap interval, the pass rate's change with an exact McNemar
 * test on the items that flipped, the items that regressed or improved (with both outputs), and the items only one
 * side has, and the pairwise judges' wins, ties and losses. Differences within noise say so: the interval spans 0,
 * or the flips are too few.
 *
 * <p>Items are matched by id; an item that ran several times counts with the mean of its runs' scores and its
 * verdict by the pass rule.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Comparison {

    /** Resamples of the paired bootstrap; with the fixed seed the interval is the same on every run. */
    static final int RESAMPLES = 2000;
    private static final long SEED = 0x5EEDL;

    /**
     * One metric's change.
     *
     * @param metric   the score's name
     * @param baseline its mean over the matched items in the baseline
     * @param current  its mean over them now
     * @param low      the 95 % interval of the mean difference (current − baseline), lower end
     * @param high     its upper end
     * @param pairs    matched items that have the score on both sides
     */
    public record MetricChange(String metric, double baseline, double current, double low, double high, int pairs) {

        public double delta() {
            return current - baseline;
        }

        /** Whether the difference is more than noise: at least two pairs, and an interval that does not span 0. */
        public boolean significant() {
            return pairs >= 2 && (low > 0 || high < 0);
        }

        /** Whether the mean dropped by more than {@code margin} and beyond noise: a regression a gate may fail on. */
        public boolean worseBy(double margin) {
            return -delta() > margin && significant() && high < 0;
        }
    }

    /**
     * An item whose verdict flipped.
     *
     * @param id      the item
     * @param before  its output in the baseline (the first run's)
     * @param after   its output now
     */
    public record Flip(String id, String before, String after) {
    }

    /**
     * A pairwise judge's verdicts on this run's outputs against the baseline's (or the reference variant's), counted
     * over the item runs it scored.
     *
     * @param judge  the judge's score name
     * @param wins   runs whose output it preferred to the other
     * @param ties   runs it called a tie
     * @param losses runs whose output it liked less
     */
    public record Pairwise(String judge, int wins, int ties, int losses) {

        /** {@code 3 wins, 1 tie, 2 losses}. */
        public String counts() {
            return wins + (wins == 1 ? " win, " : " wins, ") + ties + (ties == 1 ? " tie, " : " ties, ") + losses
                    + (losses == 1 ? " loss" : " losses");
        }
    }

    /** The scale a pairwise judge's scores say they are on (in their metadata): 1 a win, 0.5 a tie, 0 a loss. */
    static final String PAIRWISE_SCALE = "pairwise";

    private final String baseline;
    private final RunInfo baselineRun;
    private final List<Pairwise> pairwise;
    private final List<MetricChange> metrics;
    private final double passRateBefore;
    private final double passRateAfter;
    private final List<Flip> regressed;
    private final List<Flip> improved;
    private final double flipsPValue;
    private final List<String> added;
    private final List<String> removed;

    private Comparison(String baseline, RunInfo baselineRun, List<MetricChange> metrics, double passRateBefore,
            double passRateAfter, List<Flip> regressed, List<Flip> improved, List<String> added,
            List<String> removed, List<Pairwise> pairwise) {
        this.baseline = baseline;
        this.baselineRun = baselineRun;
        this.metrics = List.copyOf(metrics);
        this.passRateBefore = passRateBefore;
        this.passRateAfter = passRateAfter;
        this.regressed = List.copyOf(regressed);
        this.improved = List.copyOf(improved);
        this.flipsPValue = mcNemar(regressed.size(), improved.size());
        this.added = List.copyOf(added);
        this.removed = List.copyOf(removed);
        this.pairwise = List.copyOf(pairwise);
    }

    /**
     * Compares {@code current} with the run {@code baseline} recorded.
     *
     * @param label what the baseline is, for people: {@code src/test/baselines/greet.jsonl}, {@code run 20261201T…}
     */
    public static Comparison of(RunRecord baseline, String label, ExperimentSummary current) {
        Objects.requireNonNull(baseline, "baseline");
        ExperimentSummary before = baseline.summary().orElseGet(() -> ExperimentSummary.builder(
                baseline.run().experiment()).results(baseline.results()).build());
        Map<String, List<ItemResult>> then = byItem(baseline.results());
        Map<String, List<ItemResult>> now = byItem(current.results());
        List<String> matched = now.keySet().stream().filter(then::containsKey).toList();
        List<String> added = now.keySet().stream().filter(id -> !then.containsKey(id)).toList();
        List<String> removed = then.keySet().stream().filter(id -> !now.containsKey(id)).toList();
        Set<String> names = new LinkedHashSet<>(current.means().keySet());
        names.addAll(before.means().keySet());
        List<MetricChange> metrics = new ArrayList<>();
        for (String metric : names) {
            List<double[]> pairs = new ArrayList<>();
            for (String id : matched) {
                Double a = mean(then.get(id), metric);
                Double b = mean(now.get(id), metric);
                if (a != null && b != null) {
                    pairs.add(new double[] {a, b});
                }
            }
            if (!pairs.isEmpty()) {
                metrics.add(change(metric, pairs));
            }
        }
        List<Flip> regressed = new ArrayList<>();
        List<Flip> improved = new ArrayList<>();
        int passedBefore = 0;
        int passedAfter = 0;
        for (String id : matched) {
            boolean was = Boolean.TRUE.equals(before.verdicts().get(id));
            boolean is = Boolean.TRUE.equals(current.verdicts().get(id));
            passedBefore += was ? 1 : 0;
            passedAfter += is ? 1 : 0;
            if (was != is) {
                Flip flip = new Flip(id, then.get(id).get(0).output(), now.get(id).get(0).output());
                (was ? regressed : improved).add(flip);
            }
        }
        double rateBefore = matched.isEmpty() ? 0 : (double) passedBefore / matched.size();
        double rateAfter = matched.isEmpty() ? 0 : (double) passedAfter / matched.size();
        return new Comparison(label, baseline.run(), metrics, rateBefore, rateAfter, regressed, improved, added,
                removed, pairwise(current.results()));
    }

    /** The pairwise judges' verdicts on {@code results}, by judge in the order they first scored. */
    private static List<Pairwise> pairwise(List<ItemResult> results) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (ItemResult result : results) {
            for (Score score : result.scores()) {
                if (score.isNumeric() && PAIRWISE_SCALE.equals(score.metadata().get("scale"))) {
                    int[] count = counts.computeIfAbsent(score.name(), name -> new int[3]);
                    count[score.value() > 0.5 ? 0 : score.value() == 0.5 ? 1 : 2]++;
                }
            }
        }
        List<Pairwise> tallies = new ArrayList<>();
        counts.forEach((judge, count) -> tallies.add(new Pairwise(judge, count[0], count[1], count[2])));
        return tallies;
    }

    private static Map<String, List<ItemResult>> byItem(List<ItemResult> results) {
        Map<String, List<ItemResult>> items = new LinkedHashMap<>();
        results.forEach(result -> items.computeIfAbsent(result.item().id(), id -> new ArrayList<>()).add(result));
        return items;
    }

    /** The mean of {@code metric} over an item's runs that have it numeric, or null. */
    private static Double mean(List<ItemResult> runs, String metric) {
        double[] values = runs.stream().map(run -> run.score(metric)).flatMap(java.util.Optional::stream)
                .filter(Score::isNumeric).mapToDouble(Score::value).toArray();
        return values.length == 0 ? null : java.util.Arrays.stream(values).average().orElseThrow();
    }

    /** The mean difference over {@code pairs} ({baseline, current}) and its 95 % percentile-bootstrap interval. */
    static MetricChange change(String metric, List<double[]> pairs) {
        int n = pairs.size();
        double before = pairs.stream().mapToDouble(pair -> pair[0]).average().orElse(0);
        double after = pairs.stream().mapToDouble(pair -> pair[1]).average().orElse(0);
        double[] differences = pairs.stream().mapToDouble(pair -> pair[1] - pair[0]).toArray();
        double[] means = new double[RESAMPLES];
        Random random = new Random(SEED);
        for (int resample = 0; resample < RESAMPLES; resample++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += differences[random.nextInt(n)];
            }
            means[resample] = sum / n;
        }
        java.util.Arrays.sort(means);
        return new MetricChange(metric, before, after, means[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                means[(int) Math.ceil(0.975 * (RESAMPLES - 1))], n);
    }

    /**
     * The two-sided exact McNemar p-value for {@code regressed} and {@code improved} flips: how likely so uneven a
     * split would be if each flip were a coin toss.
     */
    static double mcNemar(int regressed, int improved) {
        int n = regressed + improved;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(regressed, improved);
        double tail = 0;
        for (int i = 0; i <= k; i++) {
            tail += binomial(n, i);
        }
        return Math.min(1.0, 2 * tail / Math.pow(2, n));
    }

    private static double binomial(int n, int k) {
        double value = 1;
        for (int i = 1; i <= k; i++) {
            value = value * (n - k + i) / i;
        }
        return value;
    }

    /** What the baseline is: a committed file or a run folder. */
    public String baseline() {
        return baseline;
    }

    /** The baseline run's header: its git commit, prompt and model. */
    public RunInfo baselineRun() {
        return baselineRun;
    }

    /** Each metric's change over the matched items. */
    public List<MetricChange> metrics() {
        return metrics;
    }

    /** The pairwise judges' wins, ties and losses of this run against the other side; empty without such judges. */
    public List<Pairwise> pairwise() {
        return pairwise;
    }

    /** The change of {@code metric}, if both sides scored it. */
    public java.util.Optional<MetricChange> metric(String metric) {
        return metrics.stream().filter(change -> change.metric().equals(metric)).findFirst();
    }

    /** The share of matched items that passed in the baseline. */
    public double passRateBefore() {
        return passRateBefore;
    }

    /** The share of matched items that pass now. */
    public double passRateAfter() {
        return passRateAfter;
    }

    /** Items that passed in the baseline and fail now. */
    public List<Flip> regressed() {
        return regressed;
    }

    /** Items that failed in the baseline and pass now. */
    public List<Flip> improved() {
        return improved;
    }

    /** The exact McNemar p-value of the flips; 1 when there are none. */
    public double flipsPValue() {
        return flipsPValue;
    }

    /**
     * Whether the pass rate dropped by more than {@code margin} and beyond chance (more items regressed than improved,
     * McNemar p below 0.05): a regression a gate may fail on.
     */
    public boolean passRateWorseBy(double margin) {
        return passRateBefore - passRateAfter > margin && passRateChangeSignificant()
                && regressed.size() > improved.size();
    }

    /** Whether the pass rate changed beyond chance: p below 0.05. */
    public boolean passRateChangeSignificant() {
        return flipsPValue < 0.05;
    }

    /** Items only this run has. */
    public List<String> added() {
        return added;
    }

    /** Items only the baseline has. */
    public List<String> removed() {
        return removed;
    }

    /** One line: {@code vs src/test/baselines/greet.jsonl (abc1234): pass rate 0.75 → 0.50, 1 regressed, 0 improved}. */
    public String headline() {
        String commit = baselineRun.gitCommit().isEmpty() ? ""
                : " (" + baselineRun.gitCommit().substring(0, Math.min(7, baselineRun.gitCommit().length())) + ")";
        return "vs " + baseline + commit + ": pass rate " + Format.score(passRateBefore) + " → "
                + Format.score(passRateAfter) + ", " + regressed.size() + " regressed, " + improved.size()
                + " improved" + (passRateChangeSignificant() ? "" : " (within noise, p = "
                        + String.format(java.util.Locale.ROOT, "%.2f", flipsPValue) + ")");
    }
}
