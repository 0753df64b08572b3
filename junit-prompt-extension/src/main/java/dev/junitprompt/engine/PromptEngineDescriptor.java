package dev.junitprompt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.junitprompt.api.Constants;
import dev.junitprompt.model.CacheMode;

/**
 * The engine's root: once every experiment ran, it says which recordings the run did not use (a prompt
 * edit leaves the old answers behind) and, asked to with {@value Constants#CACHE_PRUNE}, deletes them.
 */
final class PromptEngineDescriptor extends EngineDescriptor implements Node<PromptEngineContext> {

    PromptEngineDescriptor(UniqueId uniqueId) {
        super(uniqueId, "Prompt experiments");
    }

    @Override
    public void after(PromptEngineContext context) throws IOException {
        EngineConfig config = context.config();
        if (!config.prune() && config.cacheMode() != CacheMode.RECORD && config.cacheMode() != CacheMode.AUTO) {
            return;
        }
        Map<Path, List<Path>> unused = context.recordings().unused();
        boolean subset = !config.items().isEmpty() || config.sampling().samples() || config.rerunFailed();
        for (Map.Entry<Path, List<Path>> folder : unused.entrySet()) {
            List<Path> files = folder.getValue();
            if (config.prune() && !subset) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
                System.err.println("[prompt-experiment] pruned " + files.size() + " recording(s) no test used from "
                        + folder.getKey());
            } else {
                System.err.println("[prompt-experiment] " + files.size() + " recording(s) in " + folder.getKey()
                        + " no test of this run used (" + files.stream().limit(3).map(file -> file.getFileName()
                                .toString()).toList() + (files.size() > 3 ? " …" : "") + "); "
                        + (subset ? "a run of selected or sampled items prunes nothing"
                                : "run the whole suite with -D" + Constants.CACHE_PRUNE + "=true to delete them"));
            }
        }
    }
}
