package dev.junitprompt.backend.langfuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * {@code {host}/project/{projectId}/datasets/{datasetId}/compare?runs={runId}&runs=…}: the dataset's runs side by
     * side, item by item (the page reads {@code runs} as a list, one parameter per run), made from the links to them
     * that {@link #run} made. What {@code runUrls} holds that is no such link, or a run of another dataset than the
     * first's, is passed over; empty when fewer than two runs are left.
     */
    public static Optional<String> compare(List<String> runUrls) {
        HttpUrl dataset = null;
        List<String> runIds = new ArrayList<>();
        for (String candidate : runUrls) {
            HttpUrl url = HttpUrl.parse(candidate);
            List<String> path = url == null ? List.of() : url.pathSegments();
            int at = path.size() - 6;
            if (at < 0 || !path.get(at).equals("project") || !path.get(at + 2).equals("datasets")
                    || !path.get(at + 4).equals("runs")) {
                continue;
            }
            HttpUrl itsDataset = url.newBuilder().query(null).fragment(null).removePathSegment(path.size() - 1)
                    .removePathSegment(path.size() - 2).build();
            if (dataset == null) {
                dataset = itsDataset;
            }
            if (itsDataset.equals(dataset)) {
                runIds.add(path.get(path.size() - 1));
            }
        }
        if (runIds.size() < 2) {
            return Optional.empty();
        }
        HttpUrl.Builder compare = dataset.newBuilder().addPathSegment("compare");
        runIds.forEach(runId -> compare.addQueryParameter("runs", runId));
        return Optional.of(compare.build().toString());
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
