package dev.junitprompt.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.junitprompt.backend.langfuse.FakeLangfuseAccess;
import dev.junitprompt.target.TargetLoader;

class SyncCliTest {

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
                "push-datasets [--datasets DIR]", "pull-prompt <name> [--label L | --version N] [--targets DIR]",
                "LANGFUSE_SECRET_KEY");
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
    })
    void usageErrorsExitTwoWithOneClearLine(String args, String message) {
        String[] argv = args.isEmpty() ? new String[0] : args.split(" ");

        assertThat(run(Map.of("LANGFUSE_PUBLIC_KEY", "pk", "LANGFUSE_SECRET_KEY", "sk"), argv)).isEqualTo(2);

        assertThat(err()).startsWith("error: ").contains(message).endsWith("(run 'help' for usage)"
                + System.lineSeparator());
        assertThat(err().lines()).hasSize(1);
        assertThat(out()).isEmpty();
    }

    @Test
    void aMissingSecretKeyExitsOneNamingTheVariable() {
        int code = run(Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-1"), "push-prompts", "--targets", "../targets");

        assertThat(code).isEqualTo(1);
        assertThat(err()).startsWith("error: LANGFUSE_SECRET_KEY is not set").doesNotContain("Exception", "\tat ");
        assertThat(err().lines()).hasSize(1);
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
                "Pushed 3 prompts: 3 changed, 0 unchanged.");
        assertThat(run(env, "push-prompts", "--targets=../targets", "--label", "staging")).isZero();
        assertThat(out()).endsWith("Nothing to push: Langfuse already has these 3 prompts." + System.lineSeparator());

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
