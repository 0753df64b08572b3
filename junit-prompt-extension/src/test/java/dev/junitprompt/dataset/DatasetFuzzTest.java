package dev.junitprompt.dataset;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.testing.Fuzz;
import dev.junitprompt.testing.Generator;

/** Any test_cases.json, test_cases.jsonl or expected.json loads, or fails naming its file (see {@link Fuzz}). */
class DatasetFuzzTest {

    private static final List<String> FIELDS = List.of("id", "inputs", "expected", "description", "metadata",
            "job_title", "case-001", "case-002");
    private static final String CASES = Fuzz.read("../datasets/prep_generate/test_cases.json");
    private static final String EXPECTED = Fuzz.read("../datasets/prep_generate/expected.json");
    /** The same items, one per line. */
    private static final String LINES = String.join("\n", List.of(
            "{\"id\":\"case-001\",\"description\":\"one\",\"inputs\":{\"job_title\":\"Engineer\",\"weeks\":4}}",
            "{\"id\":\"case-002\",\"inputs\":{\"job_title\":\"Manager\"},\"expected\":{\"weeks\":2},\"metadata\":{}}"));

    private static final Generator<byte[]> TEST_CASES = Fuzz.files(List.of(CASES, LINES), FIELDS);
    private static final Generator<byte[]> EXPECTED_FILES = Fuzz.files(List.of(EXPECTED), FIELDS);

    private final Path datasets = Fuzz.folder("datasets");

    @Test
    void anyTestCasesJson() {
        Fuzz.forAll(TEST_CASES, file -> {
            Fuzz.write(datasets.resolve("json/test_cases.json"), file);
            load("json", "test_cases.json");
        });
    }

    @Test
    void anyTestCasesJsonl() {
        Fuzz.forAll(TEST_CASES, file -> {
            Fuzz.write(datasets.resolve("jsonl/test_cases.jsonl"), file);
            load("jsonl", "test_cases.jsonl");
        });
    }

    @Test
    void anyExpectedJson() {
        Fuzz.forAll(EXPECTED_FILES, file -> {
            Fuzz.write(datasets.resolve("expected/test_cases.json"),
                    CASES.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Fuzz.write(datasets.resolve("expected/expected.json"), file);
            load("expected", "expected.json");
        });
    }

    private void load(String name, String file) {
        Dataset dataset = Fuzz.holdsContract(file, () -> new LocalDatasetSource(datasets).load(name),
                DatasetException.class);
        if (dataset != null) {
            // What the engine reads of every item, once loaded.
            for (DatasetItem item : dataset.items()) {
                Fuzz.holdsContract(file, () -> item.displayName() + item.inputs().size() + item.expectedOutput()
                        + item.metadata());
            }
        }
    }
}
