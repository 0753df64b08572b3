package dev.junitprompt.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import dev.junitprompt.backend.Backend;

/**
 * The backends on the class path, by name, as {@link ServiceLoader} finds them: the engine names none of
 * its own, so a team's backend plugs in the way local, Langfuse and LangSmith do.
 */
final class Backends {

    private final Map<String, Backend> byName;

    private Backends(Map<String, Backend> byName) {
        this.byName = byName;
    }

    /** The backends {@code loader} can see; two of one name are a configuration problem, the first kept. */
    static Backends load(ClassLoader loader, List<String> problems) {
        Map<String, Backend> byName = new LinkedHashMap<>();
        try {
            for (Backend backend : ServiceLoader.load(Backend.class, loader)) {
                Backend other = byName.putIfAbsent(backend.name(), backend);
                if (other != null && other.getClass() != backend.getClass()) {
                    problems.add("two backends are named '" + backend.name() + "': " + other.getClass().getName()
                            + " and " + backend.getClass().getName() + "; the first is used");
                }
            }
        } catch (ServiceConfigurationError e) {
            problems.add("a backend listed in META-INF/services/" + Backend.class.getName() + " cannot be loaded: "
                    + e.getMessage());
        }
        return new Backends(byName);
    }

    /** The backends' names, in the order they were found. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    Optional<Backend> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
