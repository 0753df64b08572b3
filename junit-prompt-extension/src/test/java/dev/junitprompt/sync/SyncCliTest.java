package dev.junitprompt.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.backend.langfuse.FakeLangfuseAccess;
import dev.junitprompt.backend.langsmith.FakeLangSmithAccess;
import dev.junitprompt.target.TargetLoader;

class SyncCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private FakeLangfuseAccess langfuse;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (langfuse != null) {
            langfuse.assertNoViolations();
            langfuse.close();
        }
    }

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return SyncCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Map<String, String> fake(boolean v4) {
        langfuse = FakeLangfuseAccess.start(v4);
        return langfuse.environment();
    }

    @Test
    void helpPrintsTheCommands() {
        assertThat(run(Map.of(), "help")).isZero();
        assertThat(out()).contains("push-prompts [--label L]... [--targets DIR]", "promote <prompt> <version> [label]",
                "push-datasets [--to langfuse|langsmith] [--datasets DIR]",
                "pull-prompt <name> [--label L | --version N] [--targets DIR]",
                "migrate-dataset --from langsmith --to langfuse <name>",
                "migrate-prompt --from langsmith --to langfuse <prompt> [--label L]",
                "LANGFUSE_SECRET_KEY", "LANGSMITH_API_KEY");
        assertThat(err()).isEmpty();
        assertThat(run(Map.of(), "--help")).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "''                                        | no command; use one of push-prompts, promote, push-datasets",
            "frobnicate                                | unknown command 'frobnicate'; use one of push-prompts",
            "promote                                   | missing arguments; usage: promote <prompt> <version> [label]",
            "promote p                                 | missing arguments; usage: promote <prompt> <version> [label]",
            "promote p two                             | the version must be a whole number from 1, not 'two'",
            "promote p 0                               | the version must be a whole number from 1, not '0'",
            "promote p 1 production extra              | unexpected argument 'extra'; usage: promote",
            "promote p 1 Prod                          | Invalid label 'Prod'",
            "pull-prompt                               | missing arguments; usage: pull-prompt <name>",
            "pull-prompt p --label production --version 2 | pull-prompt takes --label or --version, not both",
            "pull-prompt p --version                   | --version needs a value",
            "pull-prompt p --version latest            | the version must be a whole number from 1, not 'latest'",
            "push-prompts --labels staging             | unknown option '--labels'; usage: push-prompts",
            "push-prompts --label latest               | The label 'latest' is Langfuse's own",
            "push-prompts --targets no/such/dir        | no folder ",
            "push-datasets --datasets=no/such/dir      | no folder ",
            "push-datasets extra                       | unexpected argument 'extra'; usage: push-datasets",
            "push-datasets --to langsmth               | --to is langfuse or langsmith, not 'langsmth'",
            "push-datasets --to langsmith --datasets=no/such/dir | no folder ",
            "migrate-dataset qa                        | say which way to migrate with --from langsmith --to langfuse",
            "migrate-dataset --from langsmith qa       | say which way to migrate with --from langsmith --to langfuse",
            "migrate-dataset --from langfuse --to langsmith qa | can only migrate --from langsmith --to langfuse, not "
                    + "from langfuse to langsmith",
            "migrate-dataset --from langsmith --to langfuse | missing arguments; usage: migrate-dataset --from",
            "migrate-dataset --from langsmith --to langfuse a b | unexpected argument 'b'; usage: migrate-dataset",
            "migrate-dataset --from langsmith --to langfuse --splits x qa | unknown option '--splits'",
            "migrate-prompt --from langsmith --to langfuse | missing arguments; usage: migrate-prompt --from",
            "migrate-prompt --from langsmith --to langfuse p --label Prod | Invalid label 'Prod'",
            "migrate-prompt --from langsmith --to langfuse p --label latest | The label 'latest' is Langfuse's own",
            "migrate-prompt --from langsmith --to langfuse a/b/c | is not a LangSmith prompt identifier: write name, owner/name",
    })
    void usageErrorsExitTwoWithOneClearLine(String args, String message) {
        String[] argv = args.isEmpty() ? new String[0] : args.split(" ");

        assertThat(run(Map.of("LANGFUSE_PUBLIC_KEY", "pk", "LANGFUSE_SECRET_KEY", "sk"), argv)).isEqualTo(2);

        assertThat(err()).startsWith("error: ").contains(message).endsWith("(run 'help' for usage)"
                + System.lineSeparator());
        assertThat(err().lines()).hasSize(1);
        assertThat(out()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "promote p two                             | <version>",
            "promote p 1 Prod                          | [label]",
            "pull-prompt p --version 0                 | --version",
            "push-prompts --label latest               | --label",
            "push-prompts --targets no/such/dir        | --targets",
            "push-datasets --to langsmth               | --to",
            "migrate-prompt --from langsmith --to langfuse a/b/c | <langsmith prompt>",
            "promote p                                 | ''",
    })
    void executeNamesTheArgumentOfAUsageError(String args, String argument) {
        SyncCli.Outcome outcome = SyncCli.execute(List.of(args.split(" ")), Map.of());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.argument()).isEqualTo(argument.isEmpty() ? null : argument);
        assertThat(outcome.error()).doesNotStartWith("error: ").doesNotContain("run 'help'");
        assertThat(outcome.output()).isEmpty();
    }

    @Test
    void executeHandsBackWhatRunPrints() {
        assertThat(SyncCli.execute(List.of("help"), Map.of())).isEqualTo(new SyncCli.Outcome(0, SyncCli.USAGE_TEXT,
                null, null));
        assertThat(SyncCli.execute(List.of("push-prompts", "--targets", "../targets"), Map.of()))
                .isEqualTo(new SyncCli.Outcome(1, "", "LANGFUSE_PUBLIC_KEY is not set: the Langfuse backend needs "
                        + "LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY (and LANGFUSE_HOST for a self-hosted Langfuse)",
                        null));
    }

    @Test
    void aMissingSecretKeyExitsOneNamingTheVariable() {
        int code = run(Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-1"), "push-prompts", "--targets", "../targets");

        assertThat(code).isEqualTo(1);
        assertThat(err()).startsWith("error: LANGFUSE_SECRET_KEY is not set").doesNotContain("Exception", "\tat ");
        assertThat(err().lines()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"migrate-dataset --from langsmith --to langfuse qa",
            "migrate-prompt --from langsmith --to langfuse qa", "push-datasets --to langsmith --datasets ../datasets"})
    void aMissingLangSmithKeyExitsOneNamingTheVariable(String args) {
        int code = run(Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-1", "LANGFUSE_SECRET_KEY", "sk-lf-1"), args.split(" "));

        assertThat(code).isEqualTo(1);
        assertThat(err()).startsWith("error: LANGSMITH_API_KEY is not set").doesNotContain("Exception", "\tat ");
        assertThat(err().lines()).hasSize(1);
        assertThat(out()).isEmpty();
    }

    @Test
    void theMigrationCommandsAndPushDatasetsToLangSmith() {
        try (FakeLangSmithAccess langsmith = FakeLangSmithAccess.start()) {
            Map<String, String> env = new HashMap<>(fake(true));
            env.putAll(langsmith.environment());
            langsmith.seedDataset("qa", 3, "train");
            langsmith.seedPrompt("greet", JSON.createObjectNode().put("lc", 1).put("type", "constructor")
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("id", JSON.createArrayNode().add("langchain")
                            .add("prompts").add("prompt").add("PromptTemplate"))
                    .set("kwargs", JSON.createObjectNode().put("template", "Hello {name}")));

            assertThat(run(env, "migrate-dataset", "--from", "langsmith", "--to", "langfuse", "qa")).as(err()).isZero();
            assertThat(out()).isEqualTo("qa: Langfuse dataset created, 3 examples: 3 created, 0 updated, 0 unchanged"
                    + System.lineSeparator() + "Migrated LangSmith dataset 'qa' to Langfuse." + System.lineSeparator());
            assertThat(run(env, "migrate-dataset", "qa", "--from=langsmith", "--to=langfuse")).as(err()).isZero();
            assertThat(out()).endsWith("Nothing to migrate: Langfuse already has the 3 examples of LangSmith dataset "
                    + "'qa'." + System.lineSeparator());

            assertThat(run(env, "migrate-prompt", "--from", "langsmith", "--to", "langfuse", "greet")).as(err())
                    .isZero();
            assertThat(out()).startsWith("greet: created version 1 (labels: staging, latest)");
            assertThat(langfuse.promptVersions("greet").get(0).path("prompt").asText()).isEqualTo("Hello {{name}}");
            assertThat(run(env, "migrate-prompt", "--from", "langsmith", "--to", "langfuse", "greet")).isZero();
            assertThat(out()).contains("Nothing to migrate: Langfuse prompt 'greet' already holds");
            assertThat(run(env, "migrate-prompt", "--from", "langsmith", "--to", "langfuse", "missing")).isEqualTo(1);
            assertThat(err()).startsWith("error: LangSmith has no prompt 'missing' at ");
            assertThat(err().lines()).hasSize(1);

            assertThat(run(env, "push-datasets", "--to", "langsmith", "--datasets", "../datasets")).as(err()).isZero();
            assertThat(out()).contains("prep_generate: dataset created, 4 items: 4 created, 0 updated, 0 unchanged",
                    "Pushed 3 datasets to LangSmith.");
            assertThat(run(env, "push-datasets", "--to=langsmith", "--datasets", "../datasets")).isZero();
            assertThat(out()).endsWith("Nothing to push: LangSmith already has these 3 datasets."
                    + System.lineSeparator());
            assertThat(langfuse.dataset("prep_generate")).as("push-datasets --to langsmith leaves Langfuse").isNull();

            assertThat(out() + err()).doesNotContain(langsmith.apiKey(), langfuse.secretKey());
            langsmith.assertNoViolations();
        }
    }

    @Test
    void wrongKeysExitOneWithoutPrintingTheSecret() {
        Map<String, String> env = new HashMap<>(fake(false));
        env.put("LANGFUSE_SECRET_KEY", "sk-lf-not-the-right-one");

        assertThat(run(env, "promote", "prep_generate", "1")).isEqualTo(1);

        assertThat(err()).isEqualTo("error: Langfuse rejected the keys for " + langfuse.host()
                + ": check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY" + System.lineSeparator());
        assertThat(err() + out()).doesNotContain("sk-lf-not-the-right-one");
    }

    @ParameterizedTest(name = "v4 = {0}")
    @ValueSource(booleans = {false, true})
    void theCommandsPushPromotePushDatasetsAndPull(boolean v4) {
        Map<String, String> env = fake(v4);

        assertThat(run(env, "push-prompts", "--targets", "../targets")).as(err()).isZero();
        assertThat(out()).contains("prep_generate: created version 1 (labels: staging, latest)",
                "Pushed 4 prompts: 4 changed, 0 unchanged.");
        assertThat(run(env, "push-prompts", "--targets=../targets", "--label", "staging")).isZero();
        assertThat(out()).endsWith("Nothing to push: Langfuse already has these 4 prompts." + System.lineSeparator());

        assertThat(run(env, "promote", "prep_generate", "1")).isZero();
        assertThat(out()).isEqualTo("prep_generate: label production set on version 1 (labels: staging, latest, "
                + "production)" + System.lineSeparator());

        assertThat(run(env, "push-datasets", "--datasets", "../datasets")).isZero();
        assertThat(out()).contains("prep_generate: dataset created, 4 items: 4 created, 0 updated, 0 unchanged");
        assertThat(run(env, "push-datasets", "--datasets", "../datasets")).isZero();
        assertThat(out()).contains("Nothing to push: Langfuse already has these 3 datasets.");

        Path pulled = temp.resolve("targets");
        assertThat(run(env, "pull-prompt", "prep_generate", "--targets", pulled.toString())).as(err()).isZero();
        assertThat(out()).startsWith("prep_generate: wrote version 1 (labels: staging, latest, production) to ");
        assertThat(new TargetLoader(pulled).load("prep_generate").messages()).hasSize(1);

        assertThat(run(env, "pull-prompt", "prep_generate", "--version", "7", "--targets", pulled.toString()))
                .isEqualTo(1);
        assertThat(err()).startsWith("error: Langfuse has no prompt named 'prep_generate' with version 7 at ");
        assertThat(err().lines()).hasSize(1);
        assertThat(out() + err()).doesNotContain(langfuse.secretKey());
    }
}
