package dev.junitprompt.dataset;

import java.util.List;
import java.util.Optional;

import dev.junitprompt.api.DatasetItem;

/**
 * A loaded dataset: its items in the source's order, and what looked wrong but did not stop loading
 * (items without an expected output, expected outputs for unknown items).
 *
 * @param name     the dataset's name
 * @param origin   where it came from, for messages: a path or a URL
 * @param items    the items, ids unique
 * @param warnings problems a person should hear about, each naming the file and item
 */
public record Dataset(String name, String origin, List<DatasetItem> items, List<String> warnings) {

    public Dataset {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }

    public Optional<DatasetItem> item(String id) {
        return items.stream().filter(item -> item.id().equals(id)).findFirst();
    }
}
