package dev.junitprompt.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Moves a label (default {@code production}) to a version of a Langfuse prompt. As {@code SyncCli promote}.
 *
 * <pre>
 * mvn junit-prompt:promote -Djunitprompt.prompt=prep_generate -Djunitprompt.version=3
 * mvn junit-prompt:promote -Djunitprompt.prompt=prep_generate -Djunitprompt.version=3 -Djunitprompt.label=beta
 * </pre>
 *
 * <p>Reads {@code LANGFUSE_PUBLIC_KEY}, {@code LANGFUSE_SECRET_KEY} and {@code LANGFUSE_HOST} from the environment.
 */
@API(status = API.Status.INTERNAL)
@Mojo(name = "promote", aggregator = true, requiresProject = false, threadSafe = true)
public class PromoteMojo extends SyncMojo {

    /** The Langfuse prompt. Required. */
    @Parameter(property = "junitprompt.prompt")
    String prompt;

    /** The version to label, a whole number from 1. Required. */
    @Parameter(property = "junitprompt.version")
    String version;

    /** The label to move; default {@code production}. */
    @Parameter(property = "junitprompt.label")
    String label;

    @Override
    List<String> commandLine() throws MojoExecutionException {
        // Checked here, not left to the command: its "missing arguments" cannot say which of the two is missing.
        List<String> args = new ArrayList<>(List.of("promote", required(prompt, "prompt", "the Langfuse prompt to "
                + "label"), required(version, "version", "the version of the prompt to label, e.g. "
                + "-Djunitprompt.version=3")));
        if (optional(label) != null) {
            args.add(optional(label));
        }
        return args;
    }

    @Override
    Map<String, String> parameters() {
        return Map.of("<version>", "version", "[label]", "label");
    }
}
