package dev.junitprompt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each goal's parameters as the SyncCli command line they make, and the parameters a goal names when wrong. */
class CommandLineTest {

    @TempDir
    Path temp;

    private File folder(String name) throws Exception {
        return Files.createDirectories(temp.resolve(name)).toFile();
    }

    @Test
    void pushPromptsTakesLabelsAndLabelAndTheTargetsFolder() throws Exception {
        PushPromptsMojo mojo = new PushPromptsMojo();
        mojo.targets = folder("targets");
        assertThat(mojo.commandLine()).containsExactly("push-prompts", "--targets=" + mojo.targets);

        mojo.labels = List.of("staging", "beta");
        mojo.label = "rc";
        assertThat(mojo.commandLine()).containsExactly("push-prompts", "--label=staging", "--label=beta",
                "--label=rc", "--targets=" + mojo.targets);
    }

    @Test
    void aMissingFolderNamesItsParameter() {
        PushPromptsMojo push = new PushPromptsMojo();
        push.targets = temp.resolve("no-targets").toFile();
        assertThatThrownBy(push::commandLine).isInstanceOf(MojoExecutionException.class)
                .hasMessage("targets (-Djunitprompt.targets): no folder " + push.targets);

        PushDatasetsMojo datasets = new PushDatasetsMojo();
        datasets.to = "langfuse";
        datasets.datasets = temp.resolve("no-datasets").toFile();
        assertThatThrownBy(datasets::commandLine).isInstanceOf(MojoExecutionException.class)
                .hasMessage("datasets (-Djunitprompt.datasets): no folder " + datasets.datasets);
    }

    @Test
    void mergeReportsTakesTheShardsFoldersAndWhereToWrite() throws Exception {
        MergeReportsMojo mojo = new MergeReportsMojo();
        mojo.out = temp.resolve("merged").toFile();
        assertThatThrownBy(mojo::commandLine).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("missing reports (-Djunitprompt.reports)");

        mojo.reports = List.of(folder("shard-1"), folder("shard-2"));
        assertThat(mojo.commandLine()).containsExactly("merge-reports", "--out=" + mojo.out,
                mojo.reports.get(0).getAbsolutePath(), mojo.reports.get(1).getAbsolutePath());
        mojo.reports = List.of(temp.resolve("shard-9").toFile());
        assertThatThrownBy(mojo::commandLine).isInstanceOf(MojoExecutionException.class)
                .hasMessage("reports (-Djunitprompt.reports): no folder " + mojo.reports.get(0));
    }

    @Test
    void promoteTakesThePromptTheVersionAndMaybeALabel() throws Exception {
        PromoteMojo mojo = new PromoteMojo();
        mojo.prompt = "greet";
        mojo.version = "3";
        assertThat(mojo.commandLine()).containsExactly("promote", "greet", "3");
        mojo.label = "beta";
        assertThat(mojo.commandLine()).containsExactly("promote", "greet", "3", "beta");
    }

    @Test
    void promoteWithoutAVersionNamesTheParameter() {
        PromoteMojo mojo = new PromoteMojo();
        mojo.prompt = "greet";
        assertThatThrownBy(mojo::commandLine).isInstanceOf(MojoExecutionException.class)
                .hasMessage("missing version (-Djunitprompt.version): the version of the prompt to label, e.g. "
                        + "-Djunitprompt.version=3");
        mojo.prompt = " ";
        mojo.version = "3";
        assertThatThrownBy(mojo::commandLine).hasMessageStartingWith("missing prompt (-Djunitprompt.prompt): ");
    }

    @Test
    void pushDatasetsGoesToLangfuseOrLangSmith() throws Exception {
        PushDatasetsMojo mojo = new PushDatasetsMojo();
        mojo.datasets = folder("datasets");
        mojo.to = "langfuse";
        assertThat(mojo.commandLine()).containsExactly("push-datasets", "--to=langfuse",
                "--datasets=" + mojo.datasets);
        mojo.to = "langsmith";
        assertThat(mojo.commandLine()).containsExactly("push-datasets", "--to=langsmith",
                "--datasets=" + mojo.datasets);
        mojo.to = "langsmth";
        assertThatThrownBy(mojo::commandLine).isInstanceOf(MojoExecutionException.class)
                .hasMessage("to (-Djunitprompt.to) is langfuse or langsmith, not 'langsmth'");
    }

    @Test
    void uploadSpoolTakesARunFolderOrAFolderOfRuns() throws Exception {
        UploadSpoolMojo mojo = new UploadSpoolMojo();
        mojo.spool = folder("prompt-experiments");
        assertThat(mojo.commandLine()).containsExactly("upload-spool", mojo.spool.getAbsolutePath());
        mojo.spool = new java.io.File(mojo.spool, "missing");
        assertThatThrownBy(mojo::commandLine).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("spool (-Djunitprompt.spool): no folder ");
    }

    @Test
    void pullPromptTakesALabelOrAVersion() throws Exception {
        PullPromptMojo mojo = new PullPromptMojo();
        mojo.prompt = "greet";
        mojo.targets = temp.resolve("targets").toFile();
        assertThat(mojo.commandLine()).containsExactly("pull-prompt", "greet", "--targets=" + mojo.targets);
        mojo.version = "2";
        assertThat(mojo.commandLine()).containsExactly("pull-prompt", "greet", "--version=2",
                "--targets=" + mojo.targets);
        mojo.label = "production";
        assertThatThrownBy(mojo::commandLine).isInstanceOf(MojoExecutionException.class)
                .hasMessage("pull-prompt takes label (-Djunitprompt.label) or version (-Djunitprompt.version), not "
                        + "both");
        mojo.version = "";
        assertThat(mojo.commandLine()).containsExactly("pull-prompt", "greet", "--label=production",
                "--targets=" + mojo.targets);
    }

    @Test
    void theMigrationsGoFromLangSmithToLangfuse() throws Exception {
        MigrateDatasetMojo dataset = new MigrateDatasetMojo();
        dataset.dataset = "qa";
        assertThat(dataset.commandLine()).containsExactly("migrate-dataset", "--from=langsmith", "--to=langfuse", "qa");
        dataset.dataset = null;
        assertThatThrownBy(dataset::commandLine).hasMessageStartingWith("missing dataset (-Djunitprompt.dataset): ");

        MigratePromptMojo prompt = new MigratePromptMojo();
        prompt.prompt = "acme/greet:1a2b";
        assertThat(prompt.commandLine()).containsExactly("migrate-prompt", "--from=langsmith", "--to=langfuse",
                "acme/greet:1a2b");
        prompt.label = "beta";
        assertThat(prompt.commandLine()).containsExactly("migrate-prompt", "--from=langsmith", "--to=langfuse",
                "acme/greet:1a2b", "--label=beta");
    }

    @Test
    void aValueTheCommandRefusesIsNamedByItsParameterAndNothingIsSent() {
        PromoteMojo promote = new PromoteMojo();
        promote.environment(Map.of());
        promote.prompt = "greet";
        promote.version = "two";
        assertThatThrownBy(promote::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("version (-Djunitprompt.version): the version must be a whole number from 1, not 'two'");
        promote.version = "3";
        promote.label = "Prod";
        assertThatThrownBy(promote::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("label (-Djunitprompt.label): Invalid label 'Prod'");

        MigratePromptMojo migrate = new MigratePromptMojo();
        migrate.environment(Map.of());
        migrate.prompt = "a/b/c";
        assertThatThrownBy(migrate::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("prompt (-Djunitprompt.prompt): ")
                .hasMessageContaining("is not a LangSmith prompt identifier");
    }
}
