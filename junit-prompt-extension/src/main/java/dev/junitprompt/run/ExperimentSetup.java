package dev.junitprompt.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apiguardian.api.API;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.RunEvaluator;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.ResultSink;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.target.PromptTarget;
import dev.junitprompt.target.TargetMetadata;
import dev.langchain4j.model.chat.ChatModel;

/**
 * Everything one experiment run needs, handed over by whoever starts it (the engine): the run's header,
 * what produces outputs (a prompt target or a task), the evaluators, the model and its settings, the
 * item runs and where results go. Build one with {@link #builder(RunInfo)}.
 */
@API(status = API.Status.INTERNAL)
public final class ExperimentSetup {

    final RunInfo info;
    final Optional<PromptTarget> target;
    final Optional<Task> task;
    final Optional<Check> check;
    final List<Evaluator> evaluators;
    final List<RunEvaluator> runEvaluators;
    final double passTarget;
    final Map<String, String> baselineOutputs;
    final Optional<ExperimentRun> reference;
    final Optional<RunBudget> budget;
    final String modelName;
    final boolean isReference;
    final BackendBreaker breaker;
    final boolean stopEarly;
    final Optional<ChatModel> userModel;
    final Optional<ChatModel> judgeModel;
    final Optional<TargetMetadata.ModelSpec> judgeSpec;
    final ModelSettings models;
    final int concurrency;
    final List<ScheduledRun> runs;
    final List<ResultSink> sinks;
    final Set<String> requiredBackends;
    final Optional<java.nio.file.Path> spool;
    final Map<String, ItemResult> resumed;
    final java.time.Duration backendBudget;

    private ExperimentSetup(Builder builder) {
        this.info = builder.info;
        this.target = builder.target;
        this.task = builder.task;
        this.check = builder.check;
        this.evaluators = List.copyOf(builder.evaluators);
        this.runEvaluators = List.copyOf(builder.runEvaluators);
        this.passTarget = builder.passTarget;
        this.baselineOutputs = Map.copyOf(builder.baselineOutputs);
        this.reference = builder.reference;
        this.budget = builder.budget;
        this.modelName = builder.modelName;
        this.isReference = builder.isReference;
        this.breaker = builder.breaker;
        this.stopEarly = builder.stopEarly;
        this.userModel = builder.userModel;
        this.judgeModel = builder.judgeModel;
        this.judgeSpec = builder.judgeSpec;
        this.models = Objects.requireNonNull(builder.models, "model settings");
        this.concurrency = builder.concurrency;
        this.runs = List.copyOf(builder.runs);
        this.sinks = List.copyOf(builder.sinks);
        this.requiredBackends = Set.copyOf(builder.requiredBackends);
        this.spool = builder.spool;
        this.resumed = Map.copyOf(builder.resumed);
        this.backendBudget = builder.backendBudget;
        if (target.isEmpty() && task.isEmpty()) {
            throw new IllegalArgumentException("Experiment " + info.experiment() + " has neither a target nor a task");
        }
    }

    public static Builder builder(RunInfo info) {
        return new Builder(info);
    }

    /** Builds an {@link ExperimentSetup}. */
    public static final class Builder {

        private final RunInfo info;
        private Optional<PromptTarget> target = Optional.empty();
        private Optional<Task> task = Optional.empty();
        private Optional<Check> check = Optional.empty();
        private final List<Evaluator> evaluators = new ArrayList<>();
        private final List<RunEvaluator> runEvaluators = new ArrayList<>();
        private double passTarget = 0.8;
        private Map<String, String> baselineOutputs = Map.of();
        private Optional<ExperimentRun> reference = Optional.empty();
        private Optional<RunBudget> budget = Optional.empty();
        private String modelName = "";
        private boolean isReference;
        private BackendBreaker breaker = new BackendBreaker();
        private boolean stopEarly;
        private Optional<ChatModel> userModel = Optional.empty();
        private Optional<ChatModel> judgeModel = Optional.empty();
        private Optional<TargetMetadata.ModelSpec> judgeSpec = Optional.empty();
        private ModelSettings models;
        private int concurrency = 1;
        private final List<ScheduledRun> runs = new ArrayList<>();
        private final List<ResultSink> sinks = new ArrayList<>();
        private final Set<String> requiredBackends = new LinkedHashSet<>();
        private Optional<java.nio.file.Path> spool = Optional.empty();
        private final Map<String, ItemResult> resumed = new java.util.LinkedHashMap<>();
        private java.time.Duration backendBudget = java.time.Duration.ZERO;

        private Builder(RunInfo info) {
            this.info = Objects.requireNonNull(info, "info");
        }

        /** A prompt target: each item's rendered prompt goes to the model. */
        public Builder target(PromptTarget target) {
            this.target = Optional.of(target);
            return this;
        }

        /** The application's code as the target, when there is no prompt target. */
        public Builder task(Task task) {
            this.task = Optional.of(task);
            return this;
        }

        public Builder check(Check check) {
            this.check = Optional.of(check);
            return this;
        }

        /**
         * For the {@code WILSON} pass rule: the pass rate items must be shown to reach, and whether an item's
         * repetitions stop once its verdict is clear (they then run one after the other).
         */
        public Builder wilson(double target, boolean stopEarly) {
            this.passTarget = target;
            this.stopEarly = stopEarly;
            return this;
        }

        /** The backends that failed earlier in the test run, shared by its experiments: they are not tried again. */
        public Builder breaker(BackendBreaker backends) {
            this.breaker = backends;
            return this;
        }

        /** The baseline's output of each item, by id: what pairwise judges compare with. */
        public Builder baselineOutputs(Map<String, String> outputs) {
            this.baselineOutputs = outputs;
            return this;
        }

        /**
         * The run of the reference variant this variant is held against: its pairwise judges weigh each output
         * against the reference's for the item (waiting for it), and against the baseline's where the reference
         * does not run the item.
         */
        public Builder pairedWith(ExperimentRun referenceRun) {
            this.reference = Optional.of(referenceRun);
            return this;
        }

        /**
         * This run is the reference variant, which the others are weighed against: a pairwise judge with nothing to
         * weigh its output against leaves its score out rather than erroring the item.
         */
        public Builder reference() {
            this.isReference = true;
            return this;
        }

        /**
         * The budget shared with the experiment's other variants, which interleaves their item runs; without it the
         * run has one of its own of {@link #concurrency}. Whoever made it closes it, after the runs finished.
         */
        public Builder budget(RunBudget shared) {
            this.budget = Optional.of(shared);
            return this;
        }

        /**
         * The name of the class's model the run uses when it is one of several ({@code @PromptModel("mini")}): its
         * recordings are kept apart from the other models' ({@code <target>.<model>}).
         */
        public Builder modelName(String name) {
            this.modelName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Evaluators of the whole run, run once its items are done. */
        public Builder runEvaluators(List<RunEvaluator> evaluators) {
            this.runEvaluators.addAll(evaluators);
            return this;
        }

        public Builder evaluators(List<Evaluator> evaluators) {
            this.evaluators.addAll(evaluators);
            return this;
        }

        /** The test class's {@code @PromptModel}; without one, the target's metadata names the model. */
        public Builder userModel(Optional<ChatModel> userModel) {
            this.userModel = userModel;
            return this;
        }

        /**
         * Who LLM judges ask: the class's {@code @JudgeModel}, else the configured model; with neither, the
         * experiment's own model.
         */
        public Builder judge(Optional<ChatModel> judgeModel, Optional<TargetMetadata.ModelSpec> judgeSpec) {
            this.judgeModel = judgeModel;
            this.judgeSpec = judgeSpec;
            return this;
        }

        public Builder models(ModelSettings models) {
            this.models = models;
            return this;
        }

        /** The most item runs (and so model calls) at once. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder runs(List<ScheduledRun> runs) {
            this.runs.addAll(runs);
            return this;
        }

        public Builder sinks(List<ResultSink> sinks) {
            this.sinks.addAll(sinks);
            return this;
        }

        /** Backends whose failure fails the experiment. */
        public Builder requiredBackends(List<String> names) {
            this.requiredBackends.addAll(names);
            return this;
        }

        /**
         * Where the run spools what it owes its remote sinks ({@code spool.jsonl} in its run folder); without one,
         * what a remote sink did not take is said but kept nowhere.
         */
        public Builder spool(java.nio.file.Path file) {
            this.spool = Optional.of(file);
            return this;
        }

        /**
         * Item runs an earlier run of this one completed ({@code prompt.experiment.resume}): they are not run again,
         * but recorded and reported as they were.
         */
        public Builder resumed(java.util.Collection<ItemResult> results) {
            results.forEach(result -> resumed.put(ExperimentRun.key(result.item(), result.repetition()), result));
            return this;
        }

        /** The most time each sink's work may take in the run; zero for no limit. */
        public Builder backendBudget(java.time.Duration budget) {
            this.backendBudget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        public ExperimentSetup build() {
            return new ExperimentSetup(this);
        }
    }
}
