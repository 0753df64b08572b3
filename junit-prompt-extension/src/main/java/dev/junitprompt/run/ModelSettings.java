package dev.junitprompt.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.model.CacheMode;
import dev.junitprompt.model.RecordingLedger;

/**
 * How an experiment's model calls are made: where credentials come from, how calls are retried, where
 * recordings live and how they are used, and what calls cost.
 *
 * @param environment   where providers' keys and base URLs are read ({@code OPENAI_API_KEY}…)
 * @param retry         how a call is retried
 * @param cacheMode     replay, record, auto or off
 * @param recordingsDir the folder of the recordings, one sub-folder per target
 * @param pricesFile    the price table, empty for {@code prices.yaml} in the working directory when there is one
 * @param recordings    where the test run notes the recordings it used
 */
@API(status = API.Status.INTERNAL)
public record ModelSettings(Map<String, String> environment, RetryPolicy retry, CacheMode cacheMode,
        Path recordingsDir, Optional<Path> pricesFile, RecordingLedger recordings) {

    static final Path DEFAULT_PRICES = Path.of("prices.yaml");

    public ModelSettings {
        environment = Map.copyOf(environment);
    }

    /** Without the environment: it holds API keys, which must never reach a log or a message. */
    @Override
    public String toString() {
        return "ModelSettings[retry=" + retry + ", cacheMode=" + cacheMode + ", recordingsDir=" + recordingsDir
                + ", pricesFile=" + pricesFile + "]";
    }
}
