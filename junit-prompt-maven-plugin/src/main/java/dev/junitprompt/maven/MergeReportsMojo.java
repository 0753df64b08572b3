package dev.junitprompt.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Joins the run records of a CI matrix's shards ({@code -Dprompt.experiment.shard=i/n}) into one run record and
 * report per experiment, and checks the thresholds again over all the items: the build fails when one falls short.
 * As {@code SyncCli merge-reports}; needs no keys.
 *
 * <pre>
 * mvn junit-prompt:merge-reports -Djunitprompt.reports=shard-1,shard-2,shard-3
 * mvn junit-prompt:merge-reports -Djunitprompt.reports=shards -Djunitprompt.out=target/merged
 * </pre>
 */
@API(status = API.Status.INTERNAL)
@Mojo(name = "merge-reports", aggregator = true, requiresProject = false, threadSafe = true)
public class MergeReportsMojo extends SyncMojo {

    /**
     * The folders the shards wrote their results to (each shard's {@code prompt.experiment.results.dir}, e.g. its
     * downloaded artifact); their run records are found at any depth. Required.
     */
    @Parameter(property = "junitprompt.reports")
    List<File> reports;

    /** Where the merged runs go, one {@code <experiment>/<run>/} folder each, with an index.html. */
    @Parameter(property = "junitprompt.out", defaultValue = "${basedir}/target/prompt-experiments-merged")
    File out;

    @Override
    List<String> commandLine() throws MojoExecutionException {
        if (reports == null || reports.isEmpty()) {
            throw new MojoExecutionException("missing " + named("reports") + ": the shards' results folders, e.g. "
                    + "-Djunitprompt.reports=shard-1,shard-2");
        }
        List<String> args = new ArrayList<>(List.of("merge-reports", "--out=" + out.getAbsolutePath()));
        for (File folder : reports) {
            args.add(existingFolder(folder, "reports"));
        }
        return args;
    }

    @Override
    Map<String, String> parameters() {
        return Map.of("--out", "out", "<dir>", "reports");
    }
}
