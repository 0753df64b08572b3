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
 * Pushes each {@code targets/<name>} as the Langfuse prompt {@code <name>}: {@code prompt.txt} a text prompt,
 * {@code prompt.json} a chat prompt. A new version only when the template or config differs from the latest version;
 * the pushed version gets the labels (default {@code staging}). As {@code SyncCli push-prompts}.
 *
 * <pre>
 * mvn junit-prompt:push-prompts
 * mvn junit-prompt:push-prompts -Djunitprompt.labels=staging,beta -Djunitprompt.targets=src/prompts
 * </pre>
 *
 * <p>Reads {@code LANGFUSE_PUBLIC_KEY}, {@code LANGFUSE_SECRET_KEY} and {@code LANGFUSE_HOST} from the environment.
 */
@API(status = API.Status.INTERNAL)
@Mojo(name = "push-prompts", aggregator = true, requiresProject = false, threadSafe = true)
public class PushPromptsMojo extends SyncMojo {

    /** The labels the pushed versions get; default {@code staging}. */
    @Parameter(property = "junitprompt.labels")
    List<String> labels;

    /** One more label, for those who write it as the other goals take theirs. */
    @Parameter(property = "junitprompt.label")
    String label;

    /**
     * The folder of targets, one {@code <name>/} folder per prompt. A relative path starts at the project's folder
     * (the root's, in a multi-module build; the working directory where there is no pom).
     */
    @Parameter(property = "junitprompt.targets", defaultValue = "${basedir}/targets")
    File targets;

    @Override
    List<String> commandLine() throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("push-prompts"));
        allLabels().forEach(each -> args.add("--label=" + each));
        args.add("--targets=" + existingFolder(targets, "targets"));
        return args;
    }

    @Override
    Map<String, String> parameters() {
        return Map.of("--label", labels == null || labels.isEmpty() ? "label" : "labels");
    }

    private List<String> allLabels() {
        List<String> all = new ArrayList<>();
        if (labels != null) {
            labels.stream().map(SyncMojo::optional).filter(each -> each != null).forEach(all::add);
        }
        if (optional(label) != null) {
            all.add(optional(label));
        }
        return all;
    }
}
