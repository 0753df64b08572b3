package dev.junitprompt.maven;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Sends the backends what runs owe them, from the {@code spool.jsonl} a run leaves in its folder when a backend was
 * down, slow or cut off; nothing is sent twice. As {@code SyncCli upload-spool}.
 *
 * <pre>
 * mvn junit-prompt:upload-spool                                                  # every spool of the project
 * mvn junit-prompt:upload-spool -Djunitprompt.spool=target/prompt-experiments/greet/20261201T101500Z
 * </pre>
 *
 * <p>Reads the backends' variables ({@code LANGFUSE_*}, {@code LANGSMITH_*}) from the environment.
 */
@API(status = API.Status.INTERNAL)
@Mojo(name = "upload-spool", aggregator = true, requiresProject = false, threadSafe = true)
public class UploadSpoolMojo extends SyncMojo {

    /** A run folder, or a folder of runs whose spools are all sent. A relative path starts at the project's folder. */
    @Parameter(property = "junitprompt.spool", defaultValue = "${basedir}/target/prompt-experiments")
    File spool;

    @Override
    List<String> commandLine() throws MojoExecutionException {
        return List.of("upload-spool", spool.isFile() ? spool.getAbsolutePath() : existingFolder(spool, "spool"));
    }

    @Override
    Map<String, String> parameters() {
        return Map.of();
    }
}
