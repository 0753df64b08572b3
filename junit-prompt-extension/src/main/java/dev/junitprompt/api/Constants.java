package dev.junitprompt.api;

import org.apiguardian.api.API;

/**
 * Every configuration key of the {@code prompt-experiment} engine, set in {@code junit-platform.properties}
 * or as {@code -D} system properties. Credentials never go here: they come from the environment
 * ({@code OPENAI_API_KEY}, {@code LANGFUSE_SECRET_KEY}, {@code LANGSMITH_API_KEY}…).
 *
 * <pre>{@code
 * # src/test/resources/junit-platform.properties
 * prompt.experiment.backends=local,langfuse
 * prompt.experiment.concurrency=16
 * }</pre>
 *
 * A backend's own settings are the keys under {@code prompt.experiment.<name>.}.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Constants {

    /** The prefix of every key: {@value}. */
    public static final String PREFIX = "prompt.experiment.";

    /** Where results go, comma-separated backend names: {@value}; default {@code local}. */
    public static final String BACKENDS = PREFIX + "backends";

    /** Backends whose failure fails the experiment (by default a failing backend is only reported): {@value}. */
    public static final String BACKENDS_REQUIRED = PREFIX + "backends.required";

    /**
     * The most time, in milliseconds, each backend's work may take in one experiment run: {@value}; default 120000.
     * A backend past it is sent nothing more (what it lacks stays in the run's spool, to be sent with
     * {@code upload-spool}) and is not tried again in the test run; {@code 0} for no limit.
     */
    public static final String BACKENDS_BUDGET_MS = PREFIX + "backends.budget-ms";

    /** The backend datasets come from when an experiment names no source: {@value}; default {@code local}. */
    public static final String SOURCE = PREFIX + "source";

    /**
     * The version of remote datasets every experiment runs on, unless its {@code datasetVersion} says otherwise:
     * {@value}. A Langfuse dataset version is an ISO-8601 UTC timestamp ({@code 2026-01-21T14:35:42Z}); a LangSmith
     * one a tag or a timestamp. Default: the latest.
     */
    public static final String DATASET_VERSION = PREFIX + "dataset.version";

    /**
     * The model LLM judges ask when the test class has no {@code @JudgeModel}: {@value}, e.g. {@code gpt-4o};
     * default: the experiment's own model.
     */
    public static final String JUDGE_MODEL = PREFIX + "judge.model";

    /** The provider of {@link #JUDGE_MODEL}: {@value}; default {@code openai}. */
    public static final String JUDGE_PROVIDER = PREFIX + "judge.provider";

    /**
     * What an item the {@code WILSON} pass rule cannot yet decide is: {@code abort} (an aborted test, the default)
     * or {@code fail}: {@value}.
     */
    public static final String INCONCLUSIVE = PREFIX + "inconclusive";

    /**
     * What a run is compared with: {@code auto} (the default: the committed baseline
     * {@code <baselines.dir>/<experiment>.jsonl} when there is one), {@code last} (the experiment's previous run under
     * the results folder), a run folder's name ({@code 20261201T101500Z}), or {@code none}: {@value}.
     */
    public static final String BASELINE = PREFIX + "baseline";

    /** Whether the run becomes its experiment's committed baseline ({@code true}/{@code false}): {@value}. */
    public static final String BASELINE_UPDATE = PREFIX + "baseline.update";

    /** Where committed baselines live: {@value}; default {@code src/test/baselines}. */
    public static final String BASELINES_DIR = PREFIX + "baselines.dir";

    /**
     * Which of a CI matrix's jobs this is, {@code index/count} (e.g. {@code 2/4}): each runs the items whose id hashes
     * to it, so together they run every item once: {@value}.
     */
    public static final String SHARD = PREFIX + "shard";

    /**
     * The run's id, shared by the shards of one CI run (e.g. the CI run number): they then record into one Langfuse
     * dataset run and one LangSmith experiment per experiment: {@value}.
     */
    public static final String RUN_ID = PREFIX + "run-id";

    /** How recordings are used: {@code replay}, {@code record}, {@code auto} or {@code off}: {@value}. */
    public static final String CACHE_MODE = PREFIX + "cache.mode";

    /**
     * Whether a run deletes the recordings in the folders it used that nothing used ({@code true}/{@code false}):
     * {@value}; default {@code false}. Run it on the whole suite: recordings of experiments not run look unused.
     */
    public static final String CACHE_PRUNE = PREFIX + "cache.prune";

    /** Item runs (and model calls) at once per experiment: {@value}; default 8. */
    public static final String CONCURRENCY = PREFIX + "concurrency";

    /** Whether the experiments of a class start together: {@value}; default {@code false}. */
    public static final String PARALLEL_EXPERIMENTS = PREFIX + "parallel-experiments";

    /** Only these item ids run, comma-separated: {@value}. */
    public static final String ITEMS = PREFIX + "items";

    /**
     * {@code failed}: run only the items that did not pass (failed, errored or inconclusive) in each experiment's
     * last run recorded under {@link #RESULTS_DIR}, or all when there is none: {@value}.
     */
    public static final String RERUN = PREFIX + "rerun";

    /**
     * Continues a run that was killed or cut short: {@code latest}, or a run's id (its folder's name under
     * {@link #RESULTS_DIR}): {@value}. Item runs that passed or failed in it are not run again (nor paid for again)
     * but reported as they were; the rest run. The resumed run keeps the run's id and folder, and the backends record
     * it as the same run.
     */
    public static final String RESUME = PREFIX + "resume";

    /** Run a sample of the items, a count ({@code 20}) or a share ({@code 0.1}): {@value}. */
    public static final String SAMPLE = PREFIX + "sample";

    /** The seed that picks the sample: {@value}; default 0. */
    public static final String SAMPLE_SEED = PREFIX + "sample.seed";

    /** The datasets folder: {@value}; default {@code datasets}. */
    public static final String DATASETS_DIR = PREFIX + "datasets.dir";

    /** The targets folder: {@value}; default {@code targets}. */
    public static final String TARGETS_DIR = PREFIX + "targets.dir";

    /** Where run folders go: {@value}; default {@code target/prompt-experiments}. */
    public static final String RESULTS_DIR = PREFIX + "results.dir";

    /** Where recordings live: {@value}; default {@code src/test/recordings}. */
    public static final String RECORDINGS_DIR = PREFIX + "recordings.dir";

    /** The price table: {@value}; default {@code prices.yaml} when there is one. */
    public static final String PRICES = PREFIX + "prices";

    /** Attempts per model or backend request, the first included: {@value}; default 6. */
    public static final String RETRY_MAX_ATTEMPTS = PREFIX + "retry.max-attempts";

    /** The backoff before the first retry, in ms (it doubles, with jitter): {@value}; default 500. */
    public static final String RETRY_INITIAL_BACKOFF_MS = PREFIX + "retry.initial-backoff-ms";

    /** The most the backoff grows to, in ms: {@value}; default 30000. */
    public static final String RETRY_MAX_BACKOFF_MS = PREFIX + "retry.max-backoff-ms";

    /** The most a model call may take, attempts and waits included, in ms: {@value}; default 120000. */
    public static final String RETRY_DEADLINE_MS = PREFIX + "retry.deadline-ms";

    /** The longest {@code Retry-After} honoured, in ms (a longer one fails the call at once): {@value}; default 60000. */
    public static final String RETRY_MAX_RETRY_AFTER_MS = PREFIX + "retry.max-retry-after-ms";

    /** The most one attempt of a request may take, in ms: {@value}; default 60000. */
    public static final String TIMEOUT_MS = PREFIX + "timeout-ms";

    private Constants() {
    }
}
