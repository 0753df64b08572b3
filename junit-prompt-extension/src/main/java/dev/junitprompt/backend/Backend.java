package dev.junitprompt.backend;

import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.target.PromptTarget;

/**
 * A place experiments read from and record to — local files, Langfuse, LangSmith, or one of your own —
 * found by {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.junitprompt.backend.Backend}. Its {@link #name()} is what
 * {@code prompt.experiment.backends} and {@code prompt.experiment.source} name; its own settings are
 * the keys under {@code prompt.experiment.<name>.}.
 *
 * <pre>{@code
 * public final class CsvBackend implements Backend {
 *     public String name() { return "csv"; }
 *     public Optional<ResultSink> resultSink(BackendContext context) {
 *         return Optional.of(new CsvSink(Path.of(context.setting("file").orElse("results.csv"))));
 *     }
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Backend {

    /** The backend's name in configuration and messages: lower case, e.g. {@code langfuse}. */
    String name();

    /**
     * Whether its datasets keep versions a run can be pinned to ({@link BackendContext#datasetVersion()}): Langfuse
     * and LangSmith do; local files are versioned by git, so by default a backend's are not.
     */
    default boolean versionsDatasets() {
        return false;
    }

    /** Where its datasets come from, for experiments whose source it is; empty when it serves none. */
    default Optional<DatasetSource> datasetSource(BackendContext context) {
        return Optional.empty();
    }

    /** Where it records runs, when {@code prompt.experiment.backends} lists it; empty when it records none. */
    default Optional<ResultSink> resultSink(BackendContext context) {
        return Optional.empty();
    }

    /**
     * Where its UI shows several runs of one dataset side by side (an experiment's variants), made from the lines its
     * recorders' {@link ResultSink.Recorder#finish} returned for those runs, in their order, among other backends'
     * lines; a line for the console and the comparison's reports, {@code <label>: <address>}. Empty when it has no
     * such view, or fewer than two of the lines are its own.
     *
     * <pre>{@code
     * compareLink(List.of("Langfuse: https://…/datasets/d/runs/r1", "report.html", "Langfuse: https://…/runs/r2"))
     * // Optional[Langfuse comparison: https://…/datasets/d/compare?runs=r1&runs=r2]
     * }</pre>
     */
    default Optional<String> compareLink(java.util.List<String> runLinks) {
        return Optional.empty();
    }

    /**
     * Loads a prompt it serves as a target: an experiment's {@code target = "<name>:<reference>"} arrives
     * here as {@code reference}. Empty when it serves no prompts.
     *
     * @throws dev.junitprompt.target.TargetException naming the prompt when it cannot be loaded
     */
    default Optional<PromptTarget> target(String reference, BackendContext context) {
        return Optional.empty();
    }
}
