package dev.junitprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.DatasetItem;

class LocalDatasetSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path datasets;

    private LocalDatasetSource source() {
        return new LocalDatasetSource(datasets);
    }

    private Path write(String dataset, String file, String text) throws IOException {
        Path path = datasets.resolve(dataset).resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void loadsTestCasesWithTheirExpectedOutputsInFileOrder() throws IOException {
        Path cases = write("prep", "test_cases.json", """
                [
                  {"id": "case-002", "description": "Backend engineer, fintech", "inputs": {"job_title": "Backend"}},
                  {"id": "case-001", "description": "Designer", "inputs": {"job_title": "Designer", "weeks": 4}}
                ]
                """);
        write("prep", "expected.json", """
                {"case-001": {"steps": 4}, "case-002": "plain text answer"}
                """);

        Dataset dataset = source().load("prep");

        assertThat(dataset.name()).isEqualTo("prep");
        assertThat(dataset.origin()).isEqualTo(cases.toString());
        assertThat(dataset.items()).extracting(DatasetItem::id).containsExactly("case-002", "case-001");
        DatasetItem designer = dataset.item("case-001").orElseThrow();
        assertThat(designer.dataset()).isEqualTo("prep");
        assertThat(designer.description()).isEqualTo("Designer");
        assertThat(designer.inputs()).isEqualTo(json("{\"job_title\": \"Designer\", \"weeks\": 4}"));
        assertThat(designer.expected()).isEqualTo(json("{\"steps\": 4}"));
        assertThat(dataset.item("case-002").orElseThrow().expected().textValue()).isEqualTo("plain text answer");
        assertThat(dataset.warnings()).isEmpty();
    }

    @Test
    void keepsNestedInputsAndExpectedOutputsAsTheFileHasThemInItsOrderAndChangeable() throws IOException {
        String inputs = "{\"z\":1,\"a\":{\"y\":[{\"k\":true},2,\"t\"],\"b\":null},\"m\":{}}";
        write("nested", "test_cases.jsonl", "{\"id\": \"n\", \"inputs\": " + inputs
                + ", \"expected\": {\"label\": \"positive\", \"score\": 0.5}}\n");

        DatasetItem item = source().load("nested").item("n").orElseThrow();

        assertThat(item.inputs().toString()).isEqualTo(inputs);
        assertThat(item.inputs()).isEqualTo(json(inputs));
        assertThat(item.inputNode("a.y.0.k").asBoolean()).isTrue();
        assertThat(item.expected().toString()).isEqualTo("{\"label\":\"positive\",\"score\":0.5}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) item.inputs()).put("added", 1).put("more", 2);
        assertThat(item.input("more")).isEqualTo("2");
    }

    @Test
    void readsJsonlOneItemPerLineSkippingBlankLines() throws IOException {
        write("lines", "test_cases.jsonl", """
                {"id": "a", "inputs": {"x": 1}}

                {"id": "b", "description": "second", "inputs": {"x": 2}}
                   \t
                {"id": "c", "inputs": {"x": 3}}
                """);
        write("lines", "expected.json", "{\"a\": 1, \"b\": 2, \"c\": 3}");

        Dataset dataset = source().load("lines");

        assertThat(dataset.items()).extracting(DatasetItem::id).containsExactly("a", "b", "c");
        assertThat(dataset.item("b").orElseThrow().description()).isEqualTo("second");
        assertThat(dataset.item("c").orElseThrow().input("x")).isEqualTo("3");
        assertThat(dataset.warnings()).isEmpty();
    }

    @Test
    void takesTheExpectedOutputFromAJsonlLineWhenItHasOne() throws IOException {
        write("inline", "test_cases.jsonl", """
                {"id": "a", "inputs": {}, "expected": {"answer": 42}}
                {"id": "b", "inputs": {}, "expected": "yes"}
                """);

        Dataset dataset = source().load("inline");

        assertThat(dataset.item("a").orElseThrow().expected()).isEqualTo(json("{\"answer\": 42}"));
        assertThat(dataset.item("b").orElseThrow().expected().textValue()).isEqualTo("yes");
        assertThat(dataset.warnings()).isEmpty();
    }

    @Test
    void reportsMalformedJsonWithFileLineAndColumn() throws IOException {
        Path cases = write("broken", "test_cases.json", """
                [
                  {"id": "a", "inputs": {}},
                  {"id": "b" "inputs": {}}
                ]
                """);

        assertThatThrownBy(() -> source().load("broken"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(cases + ": malformed JSON at line 3, column 14: ")
                .hasMessageContaining("expecting comma");
    }

    @Test
    void reportsMalformedJsonlWithTheLineNumberInTheFile() throws IOException {
        Path cases = write("broken", "test_cases.jsonl", """
                {"id": "a", "inputs": {}}

                {"id": "b", "inputs": {x}}
                """);

        assertThatThrownBy(() -> source().load("broken"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(cases + ": malformed JSON at line 3, column 24: ");
    }

    @Test
    void reportsMalformedExpectedJsonNamingThatFile() throws IOException {
        write("broken", "test_cases.json", "[{\"id\": \"a\", \"inputs\": {}}]");
        Path expected = write("broken", "expected.json", "{\n  \"a\": tru\n}");

        assertThatThrownBy(() -> source().load("broken"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(expected + ": malformed JSON at line 2, column ");
    }

    @Test
    void warnsAboutItemsMissingFromExpectedJsonAndLoadsThemWithoutExpectedOutput() throws IOException {
        write("partial", "test_cases.json", """
                [{"id": "case-001", "inputs": {}}, {"id": "case-002", "inputs": {}}]
                """);
        Path expected = write("partial", "expected.json", "{\"case-001\": \"x\"}");

        Dataset dataset = source().load("partial");

        DatasetItem withoutExpected = dataset.item("case-002").orElseThrow();
        assertThat(withoutExpected.expected()).isNull();
        assertThat(withoutExpected.expectedOutput()).isEmpty();
        assertThat(dataset.warnings()).singleElement(STRING)
                .contains(expected.toString())
                .contains("case-002")
                .doesNotContain("case-001");
    }

    @Test
    void warnsAboutExpectedOutputsForUnknownIds() throws IOException {
        write("typo", "test_cases.json", "[{\"id\": \"case-001\", \"inputs\": {}}]");
        Path expected = write("typo", "expected.json", "{\"case-001\": 1, \"case-01\": 2}");

        Dataset dataset = source().load("typo");

        assertThat(dataset.warnings()).singleElement(STRING)
                .startsWith(expected.toString())
                .contains("[case-01]")
                .contains("typos");
    }

    @Test
    void rejectsDuplicateIdsNamingThem() throws IOException {
        Path cases = write("dupes", "test_cases.json", """
                [{"id": "a", "inputs": {}}, {"id": "b", "inputs": {}}, {"id": "a", "inputs": {}},
                 {"id": "c", "inputs": {}}, {"id": "c", "inputs": {}}]
                """);

        assertThatThrownBy(() -> source().load("dupes"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(cases + ": duplicate item ids [a, c]");
    }

    @Test
    void namesTheExistingDatasetsWhenOneIsUnknown() throws IOException {
        write("alpha", "test_cases.json", "[]");
        write("beta", "test_cases.jsonl", "");

        assertThatThrownBy(() -> source().load("gamma"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("Unknown dataset 'gamma'")
                .hasMessageContaining("[alpha, beta]")
                .hasMessageContaining("prompt.experiment.datasets.dir");
    }

    @Test
    void rejectsAnItemWithoutIdNamingItsPosition() throws IOException {
        Path cases = write("noid", "test_cases.json", """
                [{"id": "a", "inputs": {}}, {"inputs": {"x": 1}}]
                """);

        assertThatThrownBy(() -> source().load("noid"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(cases + ": item #2 has no \"id\" string");
    }

    @Test
    void rejectsAnItemWithoutInputsObjectNamingItsId() throws IOException {
        Path cases = write("noinputs", "test_cases.json", """
                [{"id": "a", "inputs": {}}, {"id": "case-007", "inputs": "job_title=SRE"}]
                """);

        assertThatThrownBy(() -> source().load("noinputs"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(cases + ": item 'case-007' has no \"inputs\" object");
    }

    @Test
    void rejectsATestCasesFileThatIsNotAnArray() throws IOException {
        Path cases = write("object", "test_cases.json", "{\"id\": \"a\", \"inputs\": {}}");

        assertThatThrownBy(() -> source().load("object"))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(cases + ": expected a JSON array of items")
                .hasMessageEndingWith("but found object");
    }

    @Test
    void readsAFileStartingWithAByteOrderMark() throws IOException {
        write("bom", "test_cases.json", "\uFEFF[{\"id\": \"a\", \"inputs\": {}}]");

        assertThat(source().load("bom").items()).extracting(DatasetItem::id).containsExactly("a");
    }
}
