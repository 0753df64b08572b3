package dev.junitprompt.maven;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

import dev.junitprompt.sync.SyncCli;

/**
 * What every sync goal does: turn its parameters into a {@link SyncCli} command line and run it with
 * {@link SyncCli#execute}, so a goal parses, checks and runs exactly as the command does. The command's output lines
 * are logged at info; a command that failed (exit 1: a service refused or could not be reached, a key is missing, a
 * local file is malformed) fails the build with a {@link MojoFailureException}; a wrong command line (exit 2) is a
 * {@link MojoExecutionException} naming the goal's parameter. Keys come only from the environment and are never
 * logged.
 *
 * <p>Every goal is declared {@code aggregator = true, requiresProject = false}. A sync talks to a service about the
 * repository's {@code targets/} and {@code datasets/}, not about a module: from the root of a multi-module build it
 * must run once, for the root (where those folders are by default), not once per module, which would push the same
 * prompts as often as there are modules. {@code requiresProject = false} also lets it run where there is no pom at
 * all, by its full name ({@code mvn dev.junitprompt:junit-prompt-maven-plugin:0.1.0:push-prompts}), the folders then
 * being those of the working directory.
 *
 * <p>The goal classes are public for Maven alone ({@code @API(status = INTERNAL)}): the goals and their parameters are
 * the interface.
 */
abstract class SyncMojo extends AbstractMojo {

    private Map<String, String> environment = System.getenv();

    /**
     * The command line these parameters make, e.g. {@code [promote, greet, 3]}.
     *
     * @throws MojoExecutionException naming the parameter that is missing, or that is wrong in a way the command line
     *                                would say in its own terms (a folder, a choice)
     */
    abstract List<String> commandLine() throws MojoExecutionException;

    /**
     * This goal's parameter for each option or positional of {@link SyncCli} it sets ({@code --label} to
     * {@code label}), to name the parameter when the command finds its value wrong.
     */
    abstract Map<String, String> parameters();

    /** The environment to read keys and hosts from instead of the process's: for tests. */
    final void environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        SyncCli.Outcome outcome = SyncCli.execute(commandLine(), environment);
        outcome.output().lines().forEach(getLog()::info);
        switch (outcome.exitCode()) {
            case 0 -> {
                // done: the lines above say what changed
            }
            case 1 -> throw new MojoFailureException(outcome.error());
            default -> {
                String parameter = outcome.argument() == null ? null : parameters().get(outcome.argument());
                throw new MojoExecutionException(parameter == null ? outcome.error()
                        : named(parameter) + ": " + outcome.error());
            }
        }
    }

    /** A parameter as a user sets it: {@code version (-Djunitprompt.version)}. */
    static String named(String parameter) {
        return parameter + " (-Djunitprompt." + parameter + ")";
    }

    /** The value of a parameter the goal cannot run without. */
    static String required(String value, String parameter, String what) throws MojoExecutionException {
        if (value == null || value.isBlank()) {
            throw new MojoExecutionException("missing " + named(parameter) + ": " + what);
        }
        return value.strip();
    }

    /** An optional text parameter, {@code null} when blank (as {@code -Djunitprompt.label=} leaves it). */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The absolute path of a folder that must exist. */
    static String existingFolder(File folder, String parameter) throws MojoExecutionException {
        Objects.requireNonNull(folder, parameter);
        if (!folder.isDirectory()) {
            throw new MojoExecutionException(named(parameter) + ": no folder " + folder.getAbsoluteFile().toPath()
                    .normalize());
        }
        return folder.getAbsolutePath();
    }
}
