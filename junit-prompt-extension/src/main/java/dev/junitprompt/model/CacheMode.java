package dev.junitprompt.model;

import java.util.Locale;
import java.util.Map;

import org.apiguardian.api.API;

/** How model calls use the recordings committed next to the tests (configuration key {@code prompt.experiment.cache.mode}). */
@API(status = API.Status.INTERNAL)
public enum CacheMode {
    /** Answer only from recordings; a missing one fails the item. The default when {@code CI} is set. */
    REPLAY,
    /** Call the model for every request and (over)write its recording. */
    RECORD,
    /** Replay what is recorded and record the rest. The default on a developer's machine. */
    AUTO,
    /** Call the model and keep nothing. */
    OFF;

    public static final String KEY = dev.junitprompt.api.Constants.CACHE_MODE;

    /** The configured mode, or the default for this environment. */
    public static CacheMode parse(String value, Map<String, String> environment) {
        if (value == null || value.isBlank()) {
            String ci = environment.getOrDefault("CI", "");
            return ci.isBlank() || ci.equalsIgnoreCase("false") || ci.equals("0") ? AUTO : REPLAY;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY + " is '" + value + "'; use replay, record, auto or off");
        }
    }
}
