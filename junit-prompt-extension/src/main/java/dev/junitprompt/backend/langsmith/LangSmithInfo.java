package dev.junitprompt.backend.langsmith;

import org.apiguardian.api.API;

/**
 * What {@code GET /info} says about the server, as far as the client uses it.
 *
 * @param version             the server version, or {@code null} when unknown
 * @param batchSizeLimit      the most runs (posts and patches together) in one {@code /runs/batch} request
 * @param batchSizeLimitBytes the most bytes in one {@code /runs/batch} request
 * @param multipart           whether runs go to {@code /runs/multipart}, the SDK's path
 *                            ({@code batch_ingest_config.use_multipart_endpoint}), rather than {@code /runs/batch}
 */
@API(status = API.Status.INTERNAL)
public record LangSmithInfo(String version, int batchSizeLimit, long batchSizeLimitBytes, boolean multipart) {

    /** The SDK's defaults, used when {@code /info} fails: 100 runs, 20 MiB, {@code /runs/batch}. */
    public static LangSmithInfo defaults() {
        return new LangSmithInfo(null, 100, 20_971_520L, false);
    }
}
