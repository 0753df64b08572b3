package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.results.ItemResult;
import dev.junitprompt.results.RunInfo;
import dev.junitprompt.results.RunRecord;

/** What a resumed run may take as it was from the run it continues. */
class ResumeTest {

    private static DatasetItem item(String id, String question) {
        return new DatasetItem("d", id, "", JsonNodeFactory.instance.objectNode().put("q", question), null, null);
    }

    private static RunInfo run(String promptHash, DatasetItem... items) {
        return RunInfo.builder("e", "20261201T100000Z").items(List.of(items)).startedAt(Instant.EPOCH)
                .prompt(new RunInfo.Prompt(promptHash, "", "")).build();
    }

    private static Resume resumeOf(RunInfo then, ItemResult... results) {
        return new Resume(new RunRecord(then, List.of(results), Optional.empty()), Path.of("run"), List.of(results));
    }

    @Test
    void anItemWhoseInputChangedRunsAgainAndTheOthersAreTaken() {
        ItemResult one = ItemResult.builder(item("case-1", "a")).output("A").build();
        ItemResult two = ItemResult.builder(item("case-2", "b")).output("B").build();
        List<String> notes = new ArrayList<>();

        List<ItemResult> taken = resumeOf(run("sha256:1", item("case-1", "a"), item("case-2", "b")), one, two)
                .resumable(run("sha256:1", item("case-1", "a"), item("case-2", "b, edited")), notes::add);

        assertThat(taken).containsExactly(one);
        assertThat(notes).containsExactly("prompt.experiment.resume: 1 items changed since run 20261201T100000Z and run "
                + "again: case-2");
    }

    @Test
    void aRunOfAnotherPromptIsNotResumed() {
        ItemResult one = ItemResult.builder(item("case-1", "a")).output("A").build();

        assertThatThrownBy(() -> resumeOf(run("sha256:1", item("case-1", "a")), one)
                .resumable(run("sha256:2", item("case-1", "a")), note -> { }))
                .isInstanceOf(ExperimentConfigurationException.class)
                .hasMessageStartingWith("prompt.experiment.resume: run 20261201T100000Z ran prompt sha256:1")
                .hasMessageContaining("this run has prompt sha256:2");
    }
}
