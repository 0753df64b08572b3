package dev.junitprompt.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Copies the latest commit of a LangSmith hub prompt into a new version of the Langfuse prompt of its name, labelled
 * (default {@code staging}), when its content changed. As {@code SyncCli migrate-prompt --from langsmith --to
 * langfuse}: the goal's name says the direction (there is no other migration).
 *
 * <pre>
 * mvn junit-prompt:migrate-prompt -Djunitprompt.prompt=greet
 * mvn junit-prompt:migrate-prompt -Djunitprompt.prompt=acme/greet:1a2b3c4d -Djunitprompt.label=beta
 * </pre>
 *
 * <p>Reads LangSmith's ({@code LANGSMITH_API_KEY}, {@code LANGSMITH_ENDPOINT}, {@code LANGSMITH_WORKSPACE_ID}) and
 * Langfuse's ({@code LANGFUSE_*}) variables from the environment.
 */
@API(status = API.Status.INTERNAL)
@Mojo(name = "migrate-prompt", aggregator = true, requiresProject = false, threadSafe = true)
public class MigratePromptMojo extends SyncMojo {

    /** The LangSmith hub prompt: {@code name}, {@code owner/name}, either with {@code :commit}. Required. */
    @Parameter(property = "junitprompt.prompt")
    String prompt;

    /** The label of the new Langfuse version; default {@code staging}. */
    @Parameter(property = "junitprompt.label")
    String label;

    @Override
    List<String> commandLine() throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("migrate-prompt", "--from=langsmith", "--to=langfuse",
                required(prompt, "prompt", "the LangSmith hub prompt to copy to Langfuse")));
        if (optional(label) != null) {
            args.add("--label=" + optional(label));
        }
        return args;
    }

    @Override
    Map<String, String> parameters() {
        return Map.of("<langsmith prompt>", "prompt", "--label", "label");
    }
}
