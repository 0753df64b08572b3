package dev.junitprompt.backend.langsmith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LangSmithCompareLinkTest {

    private static final String DATASET = "https://smith.example.org/o/t-1/datasets/d-1/compare";

    @Test
    void theExperimentsOfOneDatasetCompareOnItsComparePageCommaSeparated() {
        assertThat(LangSmithBackend.compare(List.of(DATASET + "?selectedSessions=s1", "not a link",
                "https://smith.example.org/o/t-1/datasets/d-2/compare?selectedSessions=s9",
                DATASET + "?selectedSessions=s2"))).hasValue(DATASET + "?selectedSessions=s1%2Cs2");
    }

    @Test
    void oneExperimentHasNoComparison() {
        assertThat(LangSmithBackend.compare(List.of(DATASET + "?selectedSessions=s1",
                "https://smith.example.org experiment 'x'"))).isEmpty();
    }

    @Test
    void theBackendMakesTheLineFromItsOwnLinksAmongOthers() {
        assertThat(new LangSmithBackend().compareLink(List.of("LangSmith: " + DATASET + "?selectedSessions=s1",
                "Langfuse: https://langfuse.example.org/project/p/datasets/d/runs/r1", "LangSmith: experiment 'x' at "
                        + "https://smith.example.org", "LangSmith: " + DATASET + "?selectedSessions=s2")))
                .hasValue("LangSmith comparison: " + DATASET + "?selectedSessions=s1%2Cs2");
    }
}
