package dev.junitprompt.run;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;
import dev.langchain4j.model.chat.ChatModel;

/** The application's own code as the target: produces the output text for an item. */
@API(status = API.Status.INTERNAL)
@FunctionalInterface
public interface Task {

    /**
     * @param model the experiment's model through the recordings, or null when it has none
     */
    String run(DatasetItem item, ChatModel model) throws Throwable;
}
