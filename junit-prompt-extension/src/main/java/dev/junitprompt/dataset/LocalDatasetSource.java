package dev.junitprompt.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.internal.JsonTrees;
import dev.junitprompt.internal.ProjectFiles;

/**
 * Datasets in the repository's layout: {@code <dir>/<name>/test_cases.json} (an array of
 * {@code {id, inputs, description}}) or {@code test_cases.jsonl} (one such object per line, optionally
 * with its {@code expected}), plus {@code expected.json} ({@code {id: expected}}).
 */
@API(status = API.Status.INTERNAL)
public final class LocalDatasetSource implements DatasetSource {

    private final Path directory;

    public LocalDatasetSource(Path directory) {
        this.directory = directory;
    }

    @Override
    public Dataset load(String name) {
        Path folder;
        try {
            folder = ProjectFiles.inside(directory, name, "dataset");
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage(), e);
        }
        Path json = folder.resolve("test_cases.json");
        Path jsonl = folder.resolve("test_cases.jsonl");
        List<ObjectNode> rows;
        Path file;
        if (Files.isRegularFile(json)) {
            file = json;
            rows = readArray(json);
        } else if (Files.isRegularFile(jsonl)) {
            file = jsonl;
            rows = readLines(jsonl);
        } else {
            throw new DatasetException("Unknown dataset '" + name + "': no " + json + " or " + jsonl
                    + ". Datasets in " + directory.toAbsolutePath().normalize() + ": " + ProjectFiles.subfolderNames(directory)
                    + " (set prompt.experiment.datasets.dir to use another folder)");
        }
        List<String> warnings = new ArrayList<>();
        Path expectedFile = folder.resolve("expected.json");
        Map<String, JsonNode> expected = readExpected(expectedFile);
        List<DatasetItem> items = toItems(name, file, rows, expected, expectedFile, warnings);
        return new Dataset(name, file.toString(), items, warnings);
    }

    /**
     * The node with each object's fields in a map sized to them, rather than Jackson's sixteen slots to begin with: a
     * dataset is held whole until its items have run, and a large one would pay the empty slots per item.
     */
    static JsonNode compact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new LinkedHashMap<>(Math.max(1, object.size()), 1f);
            object.fields().forEachRemaining(field -> fields.put(field.getKey(), compact(field.getValue())));
            return new ObjectNode(JsonNodeFactory.instance, fields);
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, compact(array.get(i)));
            }
        }
        return node;
    }

    private List<DatasetItem> toItems(String name, Path file, List<ObjectNode> rows, Map<String, JsonNode> expected,
            Path expectedFile, List<String> warnings) {
        List<DatasetItem> items = new ArrayList<>(rows.size());
        Set<String> ids = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        List<String> withoutExpected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode row = rows.get(i);
            JsonNode id = row.get("id");
            if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                throw new DatasetException(file + ": item #" + (i + 1) + " has no \"id\" string; every item "
                        + "needs a unique, stable id such as \"case-001\"");
            }
            String itemId = id.textValue();
            if (!ids.add(itemId)) {
                duplicates.add(itemId);
            }
            JsonNode inputs = row.get("inputs");
            if (inputs == null || !inputs.isObject()) {
                throw new DatasetException(file + ": item '" + itemId + "' has no \"inputs\" object; give it "
                        + "the variables its prompt needs, e.g. \"inputs\": {\"job_title\": \"…\"}");
            }
            JsonNode itemExpected = row.has("expected") ? row.get("expected") : expected.get(itemId);
            if (itemExpected == null) {
                withoutExpected.add(itemId);
            }
            JsonNode description = row.path("description");
            items.add(new DatasetItem(name, itemId, description.isTextual() ? description.textValue() : "",
                    compact(inputs), itemExpected == null ? null : compact(itemExpected), row.get("metadata")));
        }
        if (!duplicates.isEmpty()) {
            throw new DatasetException(file + ": duplicate item ids " + duplicates
                    + "; ids must be unique, they name the tests and their results");
        }
        if (!withoutExpected.isEmpty()) {
            String where = Files.isRegularFile(expectedFile) ? expectedFile + " has no expected output for items "
                    : "There is no " + expectedFile + ", so items ";
            warnings.add(where + withoutExpected
                    + (Files.isRegularFile(expectedFile) ? "" : " have no expected output")
                    + ": they run, and evaluators that compare against an expected output fail on them");
        }
        Set<String> orphans = new LinkedHashSet<>(expected.keySet());
        orphans.removeAll(ids);
        if (!orphans.isEmpty()) {
            warnings.add(expectedFile + " has expected outputs for ids " + orphans + " that are not items of "
                    + file + "; check for typos");
        }
        return items;
    }

    private List<ObjectNode> readArray(Path file) {
        JsonNode root = parse(file, read(file), 0);
        if (!root.isArray()) {
            throw new DatasetException(file + ": expected a JSON array of items [{\"id\", \"inputs\", "
                    + "\"description\"}, …] but found " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        List<ObjectNode> rows = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            rows.add(object(file, root.get(i), "item #" + (i + 1)));
        }
        return rows;
    }

    private List<ObjectNode> readLines(Path file) {
        List<ObjectNode> rows = new ArrayList<>();
        String[] lines = read(file).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(object(file, parse(file, lines[i], i), "line " + (i + 1)));
            }
        }
        return rows;
    }

    private Map<String, JsonNode> readExpected(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        JsonNode root = parse(file, read(file), 0);
        ObjectNode object = object(file, root, "the top level (an object {\"case-001\": expected, …})");
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            expected.put(entry.getKey(), entry.getValue());
        }
        return expected;
    }

    private static ObjectNode object(Path file, JsonNode node, String where) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new DatasetException(file + ": " + where + " must be a JSON object but is "
                + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Parses JSON, reporting errors at their line and column in the file ({@code lineOffset} for JSONL). */
    private static JsonNode parse(Path file, String text, int lineOffset) {
        try {
            JsonNode node = JsonTrees.readJson(text);
            if (node == null || node.isMissingNode()) {
                throw new DatasetException(file + " is empty; it should hold JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DatasetException(file + ": malformed JSON" + ProjectFiles.position(e, lineOffset) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return ProjectFiles.read(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + " does not exist");
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
