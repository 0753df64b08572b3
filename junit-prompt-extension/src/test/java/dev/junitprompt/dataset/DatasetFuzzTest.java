package dev.junitprompt.dataset;

import java.nio.file.Path;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.testing.Fuzz;

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

    private final Path datasets = Fuzz.folder("datasets");

    @Provide
    Arbitrary<byte[]> cases() {
        return Fuzz.files(List.of(CASES, LINES), FIELDS);
    }

    @Provide
    Arbitrary<byte[]> expected() {
        return Fuzz.files(List.of(EXPECTED), FIELDS);
    }

    @Property
    void anyTestCasesJson(@ForAll("cases") byte[] file) {
        Fuzz.write(datasets.resolve("json/test_cases.json"), file);
        load("json", "test_cases.json");
    }

    @Property
    void anyTestCasesJsonl(@ForAll("cases") byte[] file) {
        Fuzz.write(datasets.resolve("jsonl/test_cases.jsonl"), file);
        load("jsonl", "test_cases.jsonl");
    }

    @Property
    void anyExpectedJson(@ForAll("expected") byte[] file) {
        Fuzz.write(datasets.resolve("expected/test_cases.json"), CASES.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Fuzz.write(datasets.resolve("expected/expected.json"), file);
        load("expected", "expected.json");
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
