package dev.junitprompt.sync;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import dev.junitprompt.backend.langfuse.LangfuseClient;
import dev.junitprompt.backend.langfuse.LangfuseException;
import dev.junitprompt.backend.langsmith.LangSmithClient;
import dev.junitprompt.backend.langsmith.LangSmithException;
import dev.junitprompt.backend.langsmith.LangSmithPromptCommit;
import dev.junitprompt.engine.ShardMerge;
import dev.junitprompt.results.RunRecordException;

/**
 * The command line for {@link LangfuseSync}, {@link LangSmithSync} and {@link Migration}:
 *
 * <pre>
 * push-prompts [--label L]... [--targets DIR]
 * promote &lt;prompt&gt; &lt;version&gt; [label]
 * push-datasets [--to langfuse|langsmith] [--datasets DIR]
 * pull-prompt &lt;name&gt; [--label L | --version N] [--targets DIR]
 * migrate-dataset --from langsmith --to langfuse &lt;name&gt;
 * migrate-prompt --from langsmith --to langfuse &lt;langsmith prompt&gt; [--label L]
 * upload-spool &lt;run folder&gt;...
 * merge-reports [--out DIR] &lt;dir&gt;...
 * help
 * </pre>
 *
 * <p>Credentials come only from the environment ({@code LANGFUSE_PUBLIC_KEY}, {@code LANGFUSE_SECRET_KEY},
 * {@code LANGFUSE_HOST} or {@code LANGFUSE_BASE_URL}; {@code LANGSMITH_API_KEY}, {@code LANGSMITH_ENDPOINT},
 * {@code LANGSMITH_WORKSPACE_ID}) and are never printed; a command reads only the ones of the services it uses. Exit
 * codes: 0 done, 1 the operation failed (a service refused or could not be reached, a target or dataset file is
 * malformed, a prompt cannot be copied), 2 the command line is wrong. Errors are one line on standard error.
 */
@API(status = API.Status.INTERNAL)
public final class SyncCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String COMMANDS = "push-prompts, promote, push-datasets, pull-prompt, migrate-dataset, "
            + "migrate-prompt, upload-spool, merge-reports, help";
    private static final List<String> BACKENDS = List.of("langfuse", "langsmith");

    static final String USAGE_TEXT = """
            Sync prompts and datasets with Langfuse and LangSmith, and migrate from LangSmith to Langfuse.

            Commands:
              push-prompts [--label L]... [--targets DIR]
                  Push each targets/<name> as the Langfuse prompt <name>; a new version only when the
                  template or config changed. Labels the pushed version (default: staging).
              promote <prompt> <version> [label]
                  Move a label (default: production) to that version of the prompt.
              push-datasets [--to langfuse|langsmith] [--datasets DIR]
                  Push each datasets/<name> as the dataset <name> of Langfuse (the default) or LangSmith;
                  items get the ids <name>:<item id> in Langfuse and UUIDs made from them in LangSmith,
                  and are only sent when they differ.
              pull-prompt <name> [--label L | --version N] [--targets DIR]
                  Write a Langfuse prompt version (default: label production) to targets/<name>.
              migrate-dataset --from langsmith --to langfuse <name>
                  Copy the examples of the LangSmith dataset <name> into the Langfuse dataset <name>
                  (item id = example id; splits and the example id go into the metadata); only
                  missing or changed items are written.
              migrate-prompt --from langsmith --to langfuse <prompt> [--label L]
                  Copy the latest commit of a LangSmith hub prompt ([owner/]name[:commit]) into a new
                  version of the Langfuse prompt <name>, labelled L (default: staging), when its
                  content changed. PromptTemplate -> text prompt, ChatPromptTemplate -> chat prompt,
                  {var} -> {{var}}.
              upload-spool <folder>...
                  Send the backends what runs owe them: the spool.jsonl of a run folder (or every
                  spool under a folder such as target/prompt-experiments) that a run left when a
                  backend was down, slow or cut off. The same ids as the first time: nothing is
                  sent twice. A spool is deleted once its backends have it all.
              merge-reports [--out DIR] <dir>...
                  Join the run records the shards of a CI matrix wrote (prompt.experiment.shard=i/n)
                  under the folders <dir> into one run record and report per experiment in DIR
                  (default: target/prompt-experiments-merged), and check the thresholds again over
                  all the items; exits 1 when one falls short. Needs no keys.
              help
                  Show this text.

            DIR defaults to targets or datasets in the working directory.
            Environment: LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY, LANGFUSE_HOST (or LANGFUSE_BASE_URL;
            default https://cloud.langfuse.com); for LangSmith LANGSMITH_API_KEY, LANGSMITH_ENDPOINT
            (default https://api.smith.langchain.com), LANGSMITH_WORKSPACE_ID for org-scoped keys.
            Exit codes: 0 done, 1 failed (a service, a malformed file, a prompt that cannot be copied),
            2 wrong command line.
            """;

    private SyncCli() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.err.flush();
        if (code != OK) {
            System.exit(code);
        }
    }

    /**
     * Runs one command.
     *
     * @param env the environment to read Langfuse's keys and host from
     * @return the exit code: 0 done, 1 failed, 2 wrong command line
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Outcome outcome = execute(List.of(args), env);
        out.print(outcome.output());
        switch (outcome.exitCode()) {
            case USAGE -> err.println("error: " + outcome.error() + " (run 'help' for usage)");
            case FAILED -> err.println("error: " + outcome.error());
            default -> {
                // done: the output is all there is to say
            }
        }
        return outcome.exitCode();
    }

    /**
     * Runs one command as {@link #run} does, and hands back what {@code run} would print instead of printing it: the
     * seam for a front end that reports in its own way (the Maven plugin logs the output and fails the build with the
     * error, naming its own parameter where {@link Outcome#argument()} says which argument was wrong). {@code run}
     * is this plus printing, so both front ends parse, check and run a command the same way.
     *
     * @param args the command and its arguments, as on the command line
     * @param env  the environment to read the services' keys and hosts from
     */
    @API(status = API.Status.INTERNAL)
    public static Outcome execute(List<String> args, Map<String, String> env) {
        Command command;
        try {
            command = parse(List.copyOf(args));
        } catch (UsageException e) {
            return new Outcome(USAGE, "", oneLine(e.getMessage()), e.argument);
        }
        if (command == null) {
            return new Outcome(OK, USAGE_TEXT, null, null);
        }
        try {
            StringBuilder output = new StringBuilder();
            // As PrintStream.println ends a line: the same bytes run printed line by line before this seam existed.
            command.run(new Clients(env)).forEach(line -> output.append(line).append(System.lineSeparator()));
            return new Outcome(OK, output.toString(), null, null);
        } catch (LangfuseException | LangSmithException | SyncException e) {
            return new Outcome(FAILED, "", oneLine(e.getMessage()), null);
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage()));
            return new Outcome(FAILED, "", error, null);
        }
    }

    /**
     * How one command ended.
     *
     * @param exitCode 0 done, 1 failed (a service refused or could not be reached, a key is missing, a local file is
     *                 malformed), 2 wrong command line
     * @param output   what the command prints on standard output, each line ended by the line separator; empty
     *                 unless it is done
     * @param error    the one-line error, without the {@code error: } prefix and the usage hint that {@link #run}
     *                 adds; {@code null} when done
     * @param argument for a wrong command line, the option ({@code --label}) or positional ({@code <version>}) it is
     *                 about, as the usage text writes it; {@code null} when the error is about no one argument
     */
    @API(status = API.Status.INTERNAL)
    public record Outcome(int exitCode, String output, String error, String argument) {
    }

    /** A parsed command, run against Langfuse and/or LangSmith. */
    @FunctionalInterface
    private interface Command {
        List<String> run(Clients clients);
    }

    /** The clients a command asks for, each configured from the environment when first asked for. */
    private static final class Clients {

        private final Map<String, String> env;

        Clients(Map<String, String> env) {
            this.env = env;
        }

        LangfuseClient langfuse() {
            return LangfuseClient.fromEnvironment(env);
        }

        LangSmithClient langsmith() {
            return LangSmithClient.fromEnvironment(env);
        }

        LangfuseSync langfuseSync() {
            return new LangfuseSync(langfuse());
        }

        Migration migration() {
            LangSmithClient source = langsmith();
            return new Migration(source, langfuse());
        }
    }

    /** The command, or {@code null} for help. */
    private static Command parse(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException(null, "no command; use one of " + COMMANDS);
        }
        Arguments arguments = new Arguments(args.subList(1, args.size()));
        switch (args.get(0)) {
            case "help", "--help", "-h" -> {
                return null;
            }
            case "push-prompts" -> {
                List<String> labels = arguments.all("--label");
                Path targets = arguments.path("--targets", "targets");
                arguments.positionals(0, 0, "push-prompts [--label L]... [--targets DIR]");
                List<String> checked = checkedLabels(labels, LangfuseSync.DEFAULT_PUSH_LABEL, "--label");
                requireDirectory(targets, "--targets");
                return clients -> clients.langfuseSync().pushPrompts(targets, checked).lines();
            }
            case "promote" -> {
                List<String> positionals = arguments.positionals(2, 3, "promote <prompt> <version> [label]");
                int version = version(positionals.get(1), "<version>");
                String label = checkedLabels(positionals.size() > 2 ? List.of(positionals.get(2)) : List.of(),
                        LangfuseSync.DEFAULT_PROMOTE_LABEL, "[label]").get(0);
                return clients -> List.of(clients.langfuseSync().promote(positionals.get(0), version, label)
                        .describe());
            }
            case "push-datasets" -> {
                String usage = "push-datasets [--to langfuse|langsmith] [--datasets DIR]";
                String to = arguments.one("--to");
                Path datasets = arguments.path("--datasets", "datasets");
                arguments.positionals(0, 0, usage);
                if (to != null && !BACKENDS.contains(to)) {
                    throw new UsageException("--to", "--to is langfuse or langsmith, not '" + to + "'; usage: "
                            + usage);
                }
                requireDirectory(datasets, "--datasets");
                if ("langsmith".equals(to)) {
                    return clients -> new LangSmithSync(clients.langsmith()).pushDatasets(datasets).lines();
                }
                return clients -> clients.langfuseSync().pushDatasets(datasets).lines();
            }
            case "migrate-dataset" -> {
                String usage = "migrate-dataset --from langsmith --to langfuse <name>";
                direction(arguments, usage);
                List<String> positionals = arguments.positionals(1, 1, usage);
                return clients -> clients.migration().datasetFromLangSmithToLangfuse(positionals.get(0)).lines();
            }
            case "migrate-prompt" -> {
                String usage = "migrate-prompt --from langsmith --to langfuse <langsmith prompt> [--label L]";
                direction(arguments, usage);
                String label = arguments.one("--label");
                List<String> positionals = arguments.positionals(1, 1, usage);
                String checked = checkedLabels(label == null ? List.of() : List.of(label),
                        LangfuseSync.DEFAULT_PUSH_LABEL, "--label").get(0);
                try {
                    LangSmithPromptCommit.Identifier.parse(positionals.get(0));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("<langsmith prompt>", e.getMessage());
                }
                return clients -> clients.migration().promptFromLangSmithToLangfuse(positionals.get(0), checked)
                        .lines();
            }
            case "pull-prompt" -> {
                String label = arguments.one("--label");
                String versionText = arguments.one("--version");
                Path targets = arguments.path("--targets", "targets");
                List<String> positionals = arguments.positionals(1, 1,
                        "pull-prompt <name> [--label L | --version N] [--targets DIR]");
                if (label != null && versionText != null) {
                    throw new UsageException(null, "pull-prompt takes --label or --version, not both");
                }
                Integer version = versionText == null ? null : version(versionText, "--version");
                if (label != null) {
                    checkedLabels(List.of(label), LangfuseSync.DEFAULT_PROMOTE_LABEL, "--label");
                }
                return clients -> List.of(clients.langfuseSync().pullPrompt(positionals.get(0), label, version,
                        targets).describe());
            }
            case "upload-spool" -> {
                List<Path> folders = arguments.positionals(1, Integer.MAX_VALUE, "upload-spool <run folder>...")
                        .stream().map(Path::of).toList();
                return clients -> new SpoolUpload(clients.env).upload(folders);
            }
            case "merge-reports" -> {
                return mergeReports(arguments);
            }
            default -> throw new UsageException(null, "unknown command '" + args.get(0) + "'; use one of " + COMMANDS);
        }
    }

    // ------------------------------------------------------------------------------------------- merge-reports

    /** {@code merge-reports [--out DIR] <dir>...}: the shards' records joined, their thresholds checked again. */
    private static Command mergeReports(Arguments arguments) {
        Path out = arguments.path("--out", ShardMerge.DEFAULT_OUT);
        List<String> folders = arguments.positionals(1, Integer.MAX_VALUE, "merge-reports [--out DIR] <dir>...");
        folders.forEach(folder -> requireDirectory(Path.of(folder), "<dir>"));
        return clients -> {
            ShardMerge.Result merged;
            try {
                merged = ShardMerge.merge(folders.stream().map(Path::of).toList(),
                        new dev.junitprompt.backend.local.LocalResultSink(out));
            } catch (RunRecordException e) {
                throw new SyncException(e.getMessage(), e);
            }
            if (!merged.held()) {
                throw new SyncException("thresholds missed over the merged shards: " + String.join("; ",
                        merged.missed()) + " (" + String.join(" ", merged.lines().stream()
                                .filter(line -> !line.startsWith(" ")).toList()) + ")");
            }
            return merged.lines();
        };
    }

    /** Checks {@code --from langsmith --to langfuse}, the one migration there is; both are required. */
    private static void direction(Arguments arguments, String usage) {
        String from = arguments.one("--from");
        String to = arguments.one("--to");
        if (from == null || to == null) {
            throw new UsageException(from == null ? "--from" : "--to",
                    "say which way to migrate with --from langsmith --to langfuse; usage: " + usage);
        }
        if (!from.equals("langsmith") || !to.equals("langfuse")) {
            throw new UsageException(from.equals("langsmith") ? "--to" : "--from", "can only migrate --from langsmith "
                    + "--to langfuse, not from " + from + " to " + to + "; usage: " + usage);
        }
    }

    private static void requireDirectory(Path directory, String option) {
        if (!Files.isDirectory(directory)) {
            throw new UsageException(option, "no folder " + directory.toAbsolutePath().normalize() + "; pass " + option
                    + " DIR (relative paths start at " + Path.of("").toAbsolutePath() + ")");
        }
    }

    private static List<String> checkedLabels(List<String> labels, String fallback, String argument) {
        try {
            return LangfuseSync.labels(labels, fallback);
        } catch (SyncException e) {
            throw new UsageException(argument, e.getMessage());
        }
    }

    private static int version(String text, String argument) {
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(argument, "the version must be a whole number from 1, not '" + text + "'");
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Options ({@code --name value} or {@code --name=value}) and positional arguments, consumed as they are read. */
    private static final class Arguments {

        private final List<String> remaining;

        Arguments(List<String> args) {
            this.remaining = new ArrayList<>(args);
        }

        /** Every value of a repeatable option. */
        List<String> all(String option) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < remaining.size(); ) {
                String arg = remaining.get(i);
                if (arg.equals(option)) {
                    if (i + 1 >= remaining.size() || remaining.get(i + 1).startsWith("--")) {
                        throw new UsageException(option, option + " needs a value");
                    }
                    values.add(remaining.get(i + 1));
                    remaining.subList(i, i + 2).clear();
                } else if (arg.startsWith(option + "=")) {
                    values.add(arg.substring(option.length() + 1));
                    remaining.remove(i);
                } else {
                    i++;
                }
            }
            return values;
        }

        /** The value of an option given at most once, or {@code null}. */
        String one(String option) {
            List<String> values = all(option);
            if (values.size() > 1) {
                throw new UsageException(option, option + " is given " + values.size() + " times; give it once");
            }
            return values.isEmpty() ? null : values.get(0);
        }

        Path path(String option, String fallback) {
            String value = one(option);
            return Path.of(value == null ? fallback : value);
        }

        /** The positional arguments, after every option was read; unknown options are errors. */
        List<String> positionals(int min, int max, String usage) {
            for (String arg : remaining) {
                if (arg.startsWith("--")) {
                    String option = arg.split("=", 2)[0];
                    throw new UsageException(option, "unknown option '" + option + "'; usage: " + usage);
                }
            }
            if (remaining.size() < min) {
                throw new UsageException(null, "missing arguments; usage: " + usage);
            }
            if (remaining.size() > max) {
                throw new UsageException(null, "unexpected argument '" + remaining.get(max) + "'; usage: " + usage);
            }
            return List.copyOf(remaining);
        }
    }

    /** A wrong command line, and the argument it is about ({@link Outcome#argument()}). */
    private static final class UsageException extends RuntimeException {

        private final String argument;

        UsageException(String argument, String message) {
            super(message);
            this.argument = argument;
        }
    }
}
