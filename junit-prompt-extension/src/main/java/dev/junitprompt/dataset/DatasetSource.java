package dev.junitprompt.dataset;

/**
 * Where datasets come from: local files, Langfuse or LangSmith. Loading happens at discovery, since
 * every item becomes a test the IDE shows before anything runs.
 */
public interface DatasetSource {

    /**
     * Loads a dataset by name.
     *
     * @throws DatasetException naming the dataset, file and item when it is missing or malformed
     */
    Dataset load(String name);
}
