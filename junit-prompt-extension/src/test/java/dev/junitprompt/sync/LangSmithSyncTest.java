package dev.junitprompt.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.backend.langsmith.FakeLangSmithAccess;
import dev.junitprompt.backend.langsmith.LangSmithExample;
import dev.junitprompt.dataset.LocalDatasetSource;

class LangSmithSyncTest {

    private static final Path DATASETS = Path.of("../datasets");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLangSmithAccess langsmith;
    private LangSmithSync sync;

    @BeforeEach
    void start() {
        langsmith = FakeLangSmithAccess.start();
        sync = new LangSmithSync(langsmith.client());
    }

    @AfterEach
    void stop() {
        langsmith.assertNoViolations();
        langsmith.close();
    }

    @Test
    void pushDatasetsCreatesExamplesWithStableIdsAndASecondPushChangesNothing() throws Exception {
        DatasetPushReport report = sync.pushDatasets(DATASETS);

        assertThat(report.datasets()).extracting(DatasetPushReport.Entry::dataset)
                .containsExactly("prep_generate", "prep_output_analyze", "prep_output_questions");
        LocalDatasetSource local = new LocalDatasetSource(DATASETS);
        for (DatasetPushReport.Entry entry : report.datasets()) {
            List<DatasetItem> items = local.load(entry.dataset()).items();
            assertThat(entry.datasetCreated()).isTrue();
            assertThat(entry.created()).isEqualTo(items.size());
            assertThat(langsmith.dataset(entry.dataset()).path("data_type").asText()).isEqualTo("kv");
            List<JsonNode> examples = langsmith.examples(entry.dataset());
            assertThat(examples).hasSize(items.size());
            for (int i = 0; i < items.size(); i++) {
                DatasetItem item = items.get(i);
                JsonNode example = examples.get(i);
                assertThat(example.path("id").asText()).isEqualTo(LangSmithExample.localId(entry.dataset(),
                        item.id()));
                assertThat(example.path("inputs")).isEqualTo(item.inputs());
                JsonNode expected = item.expected().isObject() ? item.expected()
                        : JSON.createObjectNode().set("output", item.expected());
                assertThat(example.path("outputs")).isEqualTo(expected);
                assertThat(example.path("metadata").path("local_id").asText()).isEqualTo(item.id());
                assertThat(example.path("metadata").path("description").asText()).isEqualTo(item.description());
                assertThat(example.path("metadata").path("dataset_split")).isEqualTo(JSON.readTree("[\"base\"]"));
            }
        }
        assertThat(report.lines()).first()
                .isEqualTo("prep_generate: dataset created, 4 items: 4 created, 0 updated, 0 unchanged");
        assertThat(report.lines()).last().isEqualTo("Pushed 3 datasets to LangSmith.");

        int before = langsmith.requests().size();
        DatasetPushReport second = sync.pushDatasets(DATASETS);

        assertThat(second.changedNothing()).isTrue();
        assertThat(langsmith.requests().subList(before, langsmith.requests().size()))
                .allMatch(request -> request.startsWith("GET "));
        assertThat(second.lines()).contains("prep_generate: unchanged (4 items)")
                .last().isEqualTo("Nothing to push: LangSmith already has these 3 datasets.");
    }

    @Test
    void examplesOnlyInLangSmithAreReportedNotDeleted() {
        langsmith.seedDataset("prep_generate", 2);

        DatasetPushReport.Entry entry = sync.pushDatasets(DATASETS).datasets().get(0);

        assertThat(entry.datasetCreated()).isFalse();
        assertThat(entry.created()).isEqualTo(4);
        assertThat(entry.onlyInBackend()).containsExactly(FakeLangSmithAccess.exampleId("prep_generate", 1),
                FakeLangSmithAccess.exampleId("prep_generate", 2));
        assertThat(entry.describe("LangSmith")).contains("2 items only in LangSmith, left as they are");
        assertThat(langsmith.examples("prep_generate")).hasSize(6);
    }
}
