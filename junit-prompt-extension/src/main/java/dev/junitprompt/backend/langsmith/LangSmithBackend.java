package dev.junitprompt.backend.langsmith;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;

import okhttp3.HttpUrl;

import dev.junitprompt.backend.Backend;
import dev.junitprompt.backend.BackendContext;
import dev.junitprompt.dataset.DatasetSource;
import dev.junitprompt.results.ResultSink;

/** LangSmith: datasets (optionally some splits) and experiment runs. */
@API(status = API.Status.INTERNAL)
public final class LangSmithBackend implements Backend {

    /** The backend's name. */
    public static final String NAME = "langsmith";
    /** What its sinks' links begin with: {@code LangSmith: https://…}. */
    static final String LINK_LABEL = "LangSmith";

    @Override
    public String name() {
        return NAME;
    }

    /** Datasets pinned to a version: {@code datasetVersion}. */
    @Override
    public boolean versionsDatasets() {
        return true;
    }

    @Override
    public Optional<DatasetSource> datasetSource(BackendContext context) {
        return Optional.of(new LangSmithDatasetSource(context.environment(), context.retry(), context.splits(),
                context.datasetVersion()));
    }

    @Override
    public Optional<ResultSink> resultSink(BackendContext context) {
        return Optional.of(new LangSmithResultSink(context.environment(), context.retry()));
    }

    /**
     * LangSmith's comparison of the experiments its sinks linked to: {@code LangSmith comparison:
     * …/datasets/{datasetId}/compare?selectedSessions={id},{id}}, the ids comma-separated as the SDK's comparative
     * evaluation links them.
     */
    @Override
    public Optional<String> compareLink(List<String> runLinks) {
        return compare(runLinks.stream().filter(line -> line.startsWith(LINK_LABEL + ": "))
                .map(line -> line.substring(LINK_LABEL.length() + 2).strip().split("\\s+")[0]).toList())
                .map(url -> LINK_LABEL + " comparison: " + url);
    }

    /**
     * The dataset's compare page of every experiment in {@code experimentUrls} ({@link LangSmithClient#experimentUrl}
     * links, {@code …/o/{tenant}/datasets/{datasetId}/compare?selectedSessions={id}}) on the first one's dataset;
     * empty when fewer than two are.
     */
    static Optional<String> compare(List<String> experimentUrls) {
        HttpUrl page = null;
        List<String> sessions = new ArrayList<>();
        for (String candidate : experimentUrls) {
            HttpUrl url = HttpUrl.parse(candidate);
            List<String> path = url == null ? List.of() : url.pathSegments();
            int at = path.size() - 3;
            String selected = url == null ? null : url.queryParameter("selectedSessions");
            if (at < 0 || !path.get(at).equals("datasets") || !path.get(at + 2).equals("compare") || selected == null) {
                continue;
            }
            HttpUrl itsPage = url.newBuilder().query(null).fragment(null).build();
            if (page == null) {
                page = itsPage;
            }
            if (itsPage.equals(page)) {
                java.util.Arrays.stream(selected.split(",")).filter(id -> !id.isBlank() && !sessions.contains(id))
                        .forEach(sessions::add);
            }
        }
        if (sessions.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(page.newBuilder().addQueryParameter("selectedSessions", String.join(",", sessions)).build()
                .toString());
    }
}
