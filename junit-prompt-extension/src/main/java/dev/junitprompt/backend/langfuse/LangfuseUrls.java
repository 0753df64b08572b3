package dev.junitprompt.backend.langfuse;

import java.util.Objects;

import org.apiguardian.api.API;

import okhttp3.HttpUrl;

/** Links into a Langfuse UI, for the console summary and the reports. */
@API(status = API.Status.INTERNAL)
public final class LangfuseUrls {

    private final String host;

    /** @param host the Langfuse base URL, sub-path included; trailing slashes are ignored */
    public LangfuseUrls(String host) {
        String trimmed = Objects.requireNonNull(host, "host").strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        this.host = trimmed;
    }

    /** {@code {host}/project/{projectId}/datasets/{datasetId}/runs/{runId}}: a run in the dataset's comparison view. */
    public String run(String projectId, String datasetId, String runId) {
        return link("project", projectId, "datasets", datasetId, "runs", runId);
    }

    /** {@code {host}/project/{projectId}/datasets/{datasetId}}: a dataset with its runs. */
    public String dataset(String projectId, String datasetId) {
        return link("project", projectId, "datasets", datasetId);
    }

    /** {@code {host}/project/{projectId}/traces/{traceId}}: one item's trace. */
    public String trace(String projectId, String traceId) {
        return link("project", projectId, "traces", traceId);
    }

    private String link(String... segments) {
        HttpUrl base = HttpUrl.parse(host);
        if (base == null) {
            throw new IllegalArgumentException("Not an http(s) URL: " + host);
        }
        HttpUrl.Builder url = base.newBuilder();
        for (String segment : segments) {
            url.addPathSegment(Objects.requireNonNull(segment, "a link's id"));
        }
        return url.build().toString();
    }
}
