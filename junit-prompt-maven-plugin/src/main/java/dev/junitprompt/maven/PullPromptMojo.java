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
 * Writes a Langfuse prompt version (default: the one labelled {@code production}) to {@code targets/<name>/}. As
 * {@code SyncCli pull-prompt}.
 *
 * <pre>
 * mvn junit-prompt:pull-prompt -Djunitprompt.prompt=prep_generate
 * mvn junit-prompt:pull-prompt -Djunitprompt.prompt=prep_generate -Djunitprompt.version=2
 * </pre>
 *
 * <p>Reads {@code LANGFUSE_PUBLIC_KEY}, {@code LANGFUSE_SECRET_KEY} and {@code LANGFUSE_HOST} from the environment.
 */
@API(status = API.Status.INTERNAL)
@Mojo(name = "pull-prompt", aggregator = true, requiresProject = false, threadSafe = true)
public class PullPromptMojo extends SyncMojo {

    /** The Langfuse prompt, and the target folder it is written to. Required. */
    @Parameter(property = "junitprompt.prompt")
    String prompt;

    /** The label of the version to pull; default {@code production}. Not with {@code version}. */
    @Parameter(property = "junitprompt.label")
    String label;

    /** The version to pull, a whole number from 1. Not with {@code label}. */
    @Parameter(property = "junitprompt.version")
    String version;

    /**
     * The folder of targets the prompt is written into (as {@code <prompt>/}); made when missing. A relative path
     * starts at the project's folder.
     */
    @Parameter(property = "junitprompt.targets", defaultValue = "${basedir}/targets")
    File targets;

    @Override
    List<String> commandLine() throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("pull-prompt", required(prompt, "prompt", "the Langfuse prompt "
                + "to pull")));
        if (optional(label) != null && optional(version) != null) {
            throw new MojoExecutionException("pull-prompt takes " + named("label") + " or " + named("version")
                    + ", not both");
        }
        if (optional(label) != null) {
            args.add("--label=" + optional(label));
        }
        if (optional(version) != null) {
            args.add("--version=" + optional(version));
        }
        args.add("--targets=" + targets.getAbsolutePath());
        return args;
    }

    @Override
    Map<String, String> parameters() {
        return Map.of("--label", "label", "--version", "version", "--targets", "targets");
    }
}
