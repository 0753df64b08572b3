package dev.junitprompt.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apiguardian.api.API;

/**
 * The backends that could not start a run, remembered for the rest of the test run (a circuit breaker): a Langfuse
 * that is down costs its connect timeout and retries once, said in one line, not again for every experiment.
 */
@API(status = API.Status.INTERNAL)
public final class BackendBreaker {

    private final Map<String, String> failed = new ConcurrentHashMap<>();

    /** Why the backend {@code name} is not tried again, when it failed earlier. */
    public Optional<String> tripped(String name) {
        return Optional.ofNullable(failed.get(name));
    }

    /** Remembers that {@code name} failed, and why. */
    void trip(String name, String why) {
        failed.putIfAbsent(name, why);
    }
}
