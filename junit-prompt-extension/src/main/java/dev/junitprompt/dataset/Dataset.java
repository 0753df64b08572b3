package dev.junitprompt.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;

/**
 * A loaded dataset: its items in the source's order, and what looked wrong but did not stop loading
 * (items without an expected output, expected outputs for unknown items).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Dataset {

    private final String name;
    private final String origin;
    private final List<DatasetItem> items;
    private final Map<String, DatasetItem> itemsById;
    private final List<String> warnings;
    private final String version;

    /**
     * @param name     the dataset's name
     * @param origin   where it came from, for messages: a path or a URL
     * @param items    the items, ids unique
     * @param warnings problems a person should hear about, each naming the file and item
     */
    public Dataset(String name, String origin, List<DatasetItem> items, List<String> warnings) {
        this(name, origin, items, warnings, "");
    }

    /**
     * A dataset read at a version its source keeps.
     *
     * @param version the version read (a Langfuse timestamp, a LangSmith tag or time), empty when the source has none
     */
    public Dataset(String name, String origin, List<DatasetItem> items, List<String> warnings, String version) {
        this.version = version == null ? "" : version;
        this.name = name;
        this.origin = origin;
        this.items = List.copyOf(items);
        this.warnings = List.copyOf(warnings);
        // Selecting items by id happens once per item test at discovery: keep it O(1).
        Map<String, DatasetItem> byId = new LinkedHashMap<>();
        this.items.forEach(item -> byId.put(item.id(), item));
        this.itemsById = byId;
    }

    public String name() {
        return name;
    }

    public String origin() {
        return origin;
    }

    public List<DatasetItem> items() {
        return items;
    }

    /** The version the items were read at, empty when the source keeps none (local files: see git). */
    public String version() {
        return version;
    }

    public List<String> warnings() {
        return warnings;
    }

    public Optional<DatasetItem> item(String id) {
        return Optional.ofNullable(itemsById.get(id));
    }
}
