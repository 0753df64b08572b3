package dev.junitprompt.dataset;

import org.apiguardian.api.API;

/**
 * Where datasets come from: local files, Langfuse or LangSmith. Loading happens at discovery, since
 * every item becomes a test the IDE shows before anything runs.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface DatasetSource {

    /**
     * Loads a dataset by name.
     *
     * @throws DatasetException naming the dataset, file and item when it is missing or malformed
     */
    Dataset load(String name);
}
