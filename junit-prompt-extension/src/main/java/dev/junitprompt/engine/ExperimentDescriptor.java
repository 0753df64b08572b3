package dev.junitprompt.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.results.RunRecord;
import dev.junitprompt.run.RunBudget;

/**
 * One {@code @PromptExperiment} method: a container whose children are the dataset's items and the
 * {@code thresholds} test. An experiment whose plan failed at discovery has no children and is itself
 * a test that fails with the problem, so CI reports count it (JUnit would prune an empty container).
 */
final class ExperimentDescriptor extends AbstractTestDescriptor implements Node<PromptEngineContext> {

    static final String SEGMENT = "experiment";

    private final ExperimentPlan plan;
    /** Set at discovery, when its items are selected; read when its run ends. */
    private volatile Rerun rerun = Rerun.ALL;
    /** The finished run's record, once it finished: what a variant's comparison reads. */
    private volatile RunRecord finished;

    ExperimentDescriptor(UniqueId uniqueId, ExperimentPlan plan) {
        this(uniqueId, plan, plan.displayName());
    }

    ExperimentDescriptor(UniqueId uniqueId, ExperimentPlan plan, String displayName) {
        super(uniqueId, displayName, MethodSource.from(plan.testClass(), plan.method()));
        this.plan = plan;
    }

    /** The record of the run this node finished, if it ran. */
    Optional<RunRecord> finished() {
        return Optional.ofNullable(finished);
    }

    /**
     * Starts every experiment of {@code experiments} that has something to run, side by side (each within its own
     * concurrency, or all within {@code budget}, interleaved); each node then reports its own, taking its run from
     * the context's started runs.
     */
    static PromptEngineContext startTogether(List<ExperimentDescriptor> experiments, PromptEngineContext context,
            Optional<RunBudget> budget) {
        Map<UniqueId, PromptEngineContext.StartedRun> started = new LinkedHashMap<>(context.startedRuns());
        for (ExperimentDescriptor experiment : experiments) {
            if (experiment.plan().problem().isEmpty() && !experiment.runs().isEmpty()) {
                try {
                    started.put(experiment.getUniqueId(), new PromptEngineContext.StartedRun(
                            ExperimentExecution.start(experiment.plan(), context, experiment.runs(),
                                    experiment.pairing(started), budget), null));
                } catch (Exception e) {
                    started.put(experiment.getUniqueId(), new PromptEngineContext.StartedRun(null, e));
                }
            }
        }
        return context.withStartedRuns(started);
    }

    ExperimentPlan plan() {
        return plan;
    }

    /**
     * Whom this experiment's pairwise judges weigh its outputs against: a variant the reference variant's run, when
     * it started ({@code started}); the reference variant nobody.
     */
    ExperimentExecution.Pairing pairing(Map<UniqueId, PromptEngineContext.StartedRun> started) {
        if (!(getParent().orElse(null) instanceof VariantsDescriptor variants)
                || !getUniqueId().getLastSegment().getType().equals(VariantsDescriptor.VARIANT_SEGMENT)) {
            return ExperimentExecution.Pairing.NONE;
        }
        String reference = variants.names().get(0);
        if (getUniqueId().getLastSegment().getValue().equals(reference)) {
            return ExperimentExecution.Pairing.REFERENCE;
        }
        PromptEngineContext.StartedRun run = started.get(variants.getUniqueId().append(
                VariantsDescriptor.VARIANT_SEGMENT, reference));
        return run == null || run.run() == null ? ExperimentExecution.Pairing.NONE
                : new ExperimentExecution.Pairing(false, java.util.Optional.of(run.run().run()));
    }

    @Override
    public Type getType() {
        return plan.problem().isPresent() ? Type.TEST : Type.CONTAINER;
    }

    /** What {@code prompt.experiment.rerun} selected of this experiment's items, for the run's notes. */
    Rerun rerun() {
        return rerun;
    }

    /**
     * Unique ids of the children to select: every item (or those {@code selected}, of those the ones to
     * {@code rerun}, then sampled), then thresholds.
     */
    List<UniqueId> childIds(Set<String> selected, Rerun rerun, Shard shard, Sampling sampling) {
        List<UniqueId> ids = new ArrayList<>();
        if (plan.problem().isPresent()) {
            return ids;
        }
        this.rerun = rerun;
        List<DatasetItem> items = plan.items().stream()
                .filter(item -> selected.isEmpty() || selected.contains(item.id()))
                .filter(item -> rerun.items().isEmpty() || rerun.items().contains(item.id())).toList();
        for (DatasetItem item : sampling.select(shard.select(items))) {
            ids.add(getUniqueId().append(ItemDescriptor.SEGMENT, item.id()));
        }
        ids.add(getUniqueId().append(ThresholdsDescriptor.SEGMENT, ThresholdsDescriptor.SEGMENT));
        return ids;
    }

    /**
     * The child a unique-id segment names: an item (a test, or with repetitions a container of them) or
     * the thresholds test; empty (with an issue saying why) when the dataset has no such item.
     */
    Optional<TestDescriptor> createChild(UniqueId.Segment segment, DiscoveryIssueReporter issues) {
        UniqueId id = getUniqueId().append(segment.getType(), segment.getValue());
        if (plan.problem().isPresent()) {
            return Optional.empty();
        }
        if (segment.getType().equals(ThresholdsDescriptor.SEGMENT)) {
            return Optional.of(new ThresholdsDescriptor(id, plan));
        }
        Optional<DatasetItem> item = plan.dataset().flatMap(dataset -> dataset.item(segment.getValue()));
        if (item.isEmpty()) {
            issues.reportIssue(DiscoveryIssue.builder(DiscoveryIssue.Severity.WARNING, "Item '" + segment.getValue()
                    + "' is not in dataset '" + plan.datasetName() + "' of experiment " + plan.name()
                    + "; its items are " + plan.items().stream().map(DatasetItem::id).toList())
                    .source(MethodSource.from(plan.testClass(), plan.method())));
            return Optional.empty();
        }
        return Optional.of(plan.repetitions() == 1 ? new ItemDescriptor(id, plan, item.get(), 1)
                : new ItemContainerDescriptor(id, plan, item.get()));
    }

    /** The repetition tests of an item container: {@code [item:case-001]/[repetition:2]}. */
    List<UniqueId> repetitionIds(ItemContainerDescriptor container) {
        List<UniqueId> ids = new ArrayList<>();
        for (int repetition = 1; repetition <= plan.repetitions(); repetition++) {
            ids.add(container.getUniqueId().append(ItemDescriptor.REPETITION_SEGMENT, String.valueOf(repetition)));
        }
        return ids;
    }

    /** A repetition test of an item container, empty when the number is out of range. */
    Optional<TestDescriptor> createRepetition(ItemContainerDescriptor container, String number) {
        int repetition;
        try {
            repetition = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (repetition < 1 || repetition > plan.repetitions()) {
            return Optional.empty();
        }
        return Optional.of(new ItemDescriptor(container.getUniqueId().append(ItemDescriptor.REPETITION_SEGMENT, number),
                plan, container.item(), repetition));
    }

    /** The runs this experiment will report, in tree order: what to start working on in {@link #before}. */
    List<ItemDescriptor> runs() {
        List<ItemDescriptor> runs = new ArrayList<>();
        accept(descriptor -> {
            if (descriptor instanceof ItemDescriptor run) {
                runs.add(run);
            }
        });
        return runs;
    }

    @Override
    public PromptEngineContext before(PromptEngineContext context) throws Exception {
        if (plan.problem().isPresent()) {
            throw plan.problem().get();
        }
        PromptEngineContext.StartedRun started = context.startedRuns().get(getUniqueId());
        if (runs().isEmpty()) {
            // No item of this experiment was selected: nothing to run, nothing to record; thresholds skip.
            return context;
        }
        if (started == null) {
            return context.withExperiment(ExperimentExecution.start(plan, context, runs(),
                    pairing(context.startedRuns()), Optional.empty()));
        }
        if (started.failure() != null) {
            throw started.failure();
        }
        return context.withExperiment(started.run());
    }

    @Override
    public void after(PromptEngineContext context) {
        if (context.experiment() != null) {
            finished = context.experiment().finish(rerun.note());
            publishReports(context);
        }
    }

    /**
     * The run's report files as the experiment's file entries, so IDEs and Open Test Reporting link them: the local
     * sink's link is its report.html, with report.md and the run record beside it.
     */
    private void publishReports(PromptEngineContext context) {
        localReport().ifPresent(report -> {
            for (String file : List.of(report.getFileName().toString(), "report.md", RunRecord.FILE_NAME)) {
                java.nio.file.Path path = report.resolveSibling(file);
                if (java.nio.file.Files.isRegularFile(path)) {
                    context.listener().fileEntryPublished(this, org.junit.platform.engine.reporting.FileEntry
                            .from(path, file.endsWith(".html") ? "text/html" : file.endsWith(".md")
                                    ? "text/markdown" : "application/x-ndjson"));
                }
            }
        });
    }

    /** The finished run's local report (report.html, else report.md): the one of its links that is a file. */
    java.util.Optional<java.nio.file.Path> localReport() {
        return finished().flatMap(RunRecord::summary).flatMap(summary -> summary.links().stream()
                .map(link -> link.replaceFirst("^→\\s*", "")).filter(link -> !link.contains("://")).map(link -> {
                    try {
                        return java.nio.file.Path.of(link);
                    } catch (java.nio.file.InvalidPathException e) {
                        return null;
                    }
                }).filter(path -> path != null && java.nio.file.Files.isRegularFile(path)).findFirst());
    }
}
