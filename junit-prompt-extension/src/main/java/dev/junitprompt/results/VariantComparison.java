package dev.junitprompt.results;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * An experiment's variants side by side, as the comparison pages ({@code comparison-<time>.md} and {@code .html})
 * show them: each variant's run, each variant against the one it is held against, the {@code notWorseThan}
 * bounds' verdicts, and where the backends line the variants' runs up.
 *
 * <pre>{@code
 * VariantComparison compared = new VariantComparison("greet", Instant.now(), variants, pairs, bounds,
 *         List.of("Langfuse: https://cloud.langfuse.com/project/p/datasets/d/compare?runs=r1&runs=r2"));
 * }</pre>
 *
 * @param experiment the experiment's name
 * @param time       when the comparison was made
 * @param variants   the variants that ran, the reference first
 * @param pairs      each variant against the one it is held against
 * @param bounds     the {@code @Threshold(notWorseThan = …)} verdicts, {@code ✓ …} or {@code ✗ …}
 * @param links      the backends' views of the variants' runs side by side, {@code <label>: <address>}
 */
@API(status = API.Status.INTERNAL)
public record VariantComparison(String experiment, Instant time, List<Variant> variants, List<Pair> pairs,
        List<String> bounds, List<String> links) {

    public VariantComparison {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(time, "time");
        variants = List.copyOf(variants);
        pairs = List.copyOf(pairs);
        bounds = List.copyOf(bounds);
        links = List.copyOf(links);
    }

    /**
     * One variant's run.
     *
     * @param name    the variant's name (its target)
     * @param run     the run's header
     * @param summary the run's summary
     * @param report  its report, as an address relative to the comparison page; empty when it has none
     */
    public record Variant(String name, RunInfo run, ExperimentSummary summary, String report) {

        public Variant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * A variant against the variant it is held against.
     *
     * @param reference  the variant it is compared with
     * @param variant    the variant
     * @param comparison the variant's run against the reference's (the reference in the role of the baseline)
     */
    public record Pair(String reference, String variant, Comparison comparison) {

        public Pair {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(comparison, "comparison");
        }

        /** {@code greet_english against greet}. */
        public String title() {
            return variant + " against " + reference;
        }
    }

    /** The variant named {@code name}. */
    public java.util.Optional<Variant> variant(String name) {
        return variants.stream().filter(variant -> variant.name().equals(name)).findFirst();
    }
}
