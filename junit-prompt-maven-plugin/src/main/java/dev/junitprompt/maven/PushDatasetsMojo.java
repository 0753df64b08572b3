package dev.junitprompt.maven;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Pushes each {@code datasets/<name>} as the dataset {@code <name>} of Langfuse (the default) or LangSmith; only items
 * that differ are sent. As {@code SyncCli push-datasets}.
 *
 * <pre>
 * mvn junit-prompt:push-datasets
 * mvn junit-prompt:push-datasets -Djunitprompt.to=langsmith
 * </pre>
 *
 * <p>Reads Langfuse's ({@code LANGFUSE_*}) or LangSmith's ({@code LANGSMITH_API_KEY}, {@code LANGSMITH_ENDPOINT},
 * {@code LANGSMITH_WORKSPACE_ID}) variables from the environment.
 */
@API(status = API.Status.INTERNAL)
@Mojo(name = "push-datasets", aggregator = true, requiresProject = false, threadSafe = true)
public class PushDatasetsMojo extends SyncMojo {

    private static final List<String> SERVICES = List.of("langfuse", "langsmith");

    /** Where to push: {@code langfuse} or {@code langsmith}. */
    @Parameter(property = "junitprompt.to", defaultValue = "langfuse")
    String to;

    /**
     * The folder of datasets, one {@code <name>/} folder per dataset. A relative path starts at the project's folder.
     */
    @Parameter(property = "junitprompt.datasets", defaultValue = "${basedir}/datasets")
    File datasets;

    @Override
    List<String> commandLine() throws MojoExecutionException {
        // The command checks this too, but says it with its usage line; a Maven user set a parameter.
        String service = optional(to) == null ? "langfuse" : optional(to);
        if (!SERVICES.contains(service)) {
            throw new MojoExecutionException(named("to") + " is langfuse or langsmith, not '" + service + "'");
        }
        return List.of("push-datasets", "--to=" + service, "--datasets=" + existingFolder(datasets, "datasets"));
    }

    @Override
    Map<String, String> parameters() {
        return Map.of("--to", "to", "--datasets", "datasets");
    }
}
