package dev.junitprompt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import dev.junitprompt.results.ExperimentSummary;
import dev.junitprompt.results.Format;
import dev.junitprompt.results.ItemResult;

/** The table printed once per experiment when its run ends. */
@API(status = API.Status.INTERNAL)
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    public static String render(ExperimentSummary summary) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"items", summary.itemIds().size()
                + (summary.results().size() > summary.itemIds().size() ? " (" + summary.results().size() + " runs)" : "")});
        rows.add(new String[] {"passed / failed / errored", summary.count(ItemResult.Status.PASSED) + " / "
                + summary.count(ItemResult.Status.FAILED) + " / " + summary.count(ItemResult.Status.ERRORED)});
        rows.add(new String[] {"pass rate", Format.percent(summary.passRate())});
        for (Map.Entry<String, Double> mean : summary.means().entrySet()) {
            rows.add(new String[] {"mean " + mean.getKey(), Format.score(mean.getValue())});
        }
        summary.runScores().forEach(score -> rows.add(new String[] {score.name() + " (run)", score.formattedValue()}));
        rows.add(new String[] {"latency p50 / p95", Format.millis(summary.latencyPercentile(50)) + " / "
                + Format.millis(summary.latencyPercentile(95))});
        rows.add(new String[] {"tokens in / out", summary.usage().inputTokens() + " / " + summary.usage().outputTokens()});
        rows.add(new String[] {"cost", Format.cost(summary)});
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        out.append("── prompt experiment ").append(summary.experiment()).append(' ')
                .append("─".repeat(Math.max(3, 60 - summary.experiment().length()))).append('\n');
        for (String[] row : rows) {
            out.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 2)).append(row[1]).append('\n');
        }
        summary.comparison().ifPresent(comparison -> {
            out.append("  ").append(comparison.headline()).append('\n');
            comparison.metrics().forEach(change -> out.append("    ").append(change.metric()).append(' ')
                    .append(Format.score(change.baseline())).append(" → ").append(Format.score(change.current()))
                    .append(String.format(java.util.Locale.ROOT, " (%+.3f, 95%% [%+.3f, %+.3f])%s", change.delta(),
                            change.low(), change.high(), change.significant() ? "" : " within noise")).append('\n'));
        });
        summary.thresholds().forEach(line -> out.append("  ").append(line).append('\n'));
        summary.notes().forEach(line -> out.append("  note: ").append(line).append('\n'));
        summary.links().forEach(line -> out.append("  → ").append(line).append('\n'));
        return out.toString();
    }
}
