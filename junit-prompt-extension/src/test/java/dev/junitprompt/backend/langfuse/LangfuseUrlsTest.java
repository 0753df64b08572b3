package dev.junitprompt.backend.langfuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LangfuseUrlsTest {

    private final LangfuseUrls urls = new LangfuseUrls("https://langfuse.example.org/sub/");

    @Test
    void aRunsLinkIsItsPageInTheDatasetUnderTheHostsSubPath() {
        assertThat(urls.run("p 1", "d", "r")).isEqualTo("https://langfuse.example.org/sub/project/p%201/datasets/d/runs/r");
    }

    @Test
    void theRunsOfOneDatasetCompareOnItsComparePageOneRunsParameterEach() {
        assertThat(LangfuseUrls.compare(List.of(urls.run("p", "d", "r1"), "target/report.html",
                urls.run("p", "other", "r9"), urls.run("p", "d", "r2")))).hasValue(
                        "https://langfuse.example.org/sub/project/p/datasets/d/compare?runs=r1&runs=r2");
    }

    @Test
    void fewerThanTwoRunsOfTheDatasetHaveNoComparison() {
        assertThat(LangfuseUrls.compare(List.of(urls.run("p", "d", "r1"), urls.run("p", "e", "r2"),
                "https://langfuse.example.org (run 'x'; the project id for a direct link: 401)"))).isEmpty();
    }

    @Test
    void theBackendMakesTheLineFromItsOwnLinksAmongOthers() {
        assertThat(new LangfuseBackend().compareLink(List.of("Langfuse: " + urls.run("p", "d", "r1")
                + " (and 1 more runs, one per repetition: 'greet · rep k')", "LangSmith: https://smith.example/o/t/"
                + "datasets/d/compare?selectedSessions=s1", "/tmp/results/greet/report.html",
                "Langfuse: " + urls.run("p", "d", "r2")))).hasValue("Langfuse comparison: "
                        + "https://langfuse.example.org/sub/project/p/datasets/d/compare?runs=r1&runs=r2");
    }
}
