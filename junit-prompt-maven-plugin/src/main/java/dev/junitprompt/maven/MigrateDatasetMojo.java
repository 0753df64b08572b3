package dev.junitprompt.maven;

import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Copies the examples of a LangSmith dataset into the Langfuse dataset of the same name; only missing or changed items
 * are written. As {@code SyncCli migrate-dataset --from langsmith --to langfuse}: the command line asks for the
 * direction so that it reads unambiguously, the goal's name says it (there is no other migration).
 *
 * <pre>
 * mvn junit-prompt:migrate-dataset -Djunitprompt.dataset=qa
 * </pre>
 *
 * <p>Reads LangSmith's ({@code LANGSMITH_API_KEY}, {@code LANGSMITH_ENDPOINT}, {@code LANGSMITH_WORKSPACE_ID}) and
 * Langfuse's ({@code LANGFUSE_*}) variables from the environment.
 */
@API(status = API.Status.INTERNAL)
@Mojo(name = "migrate-dataset", aggregator = true, requiresProject = false, threadSafe = true)
public class MigrateDatasetMojo extends SyncMojo {

    /** The LangSmith dataset, and the Langfuse dataset it is copied into. Required. */
    @Parameter(property = "junitprompt.dataset")
    String dataset;

    @Override
    List<String> commandLine() throws MojoExecutionException {
        return List.of("migrate-dataset", "--from=langsmith", "--to=langfuse", required(dataset, "dataset",
                "the LangSmith dataset to copy to Langfuse"));
    }

    @Override
    Map<String, String> parameters() {
        return Map.of();
    }
}
