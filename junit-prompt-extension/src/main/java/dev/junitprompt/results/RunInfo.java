package dev.junitprompt.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

import dev.junitprompt.api.DatasetItem;

/**
 * One run of one experiment, as the sinks record it and the run record's first line holds it: what ran,
 * on which data, with which prompt and model, at which commit, under which settings. Build one with
 * {@link #builder(String, String)}.
 *
 * @param experiment     the experiment's name
 * @param runId          this run's id, unique per experiment (a UTC timestamp)
 * @param testClass      the test class's name
 * @param dataset        the dataset's name
 * @param datasetSource  where the dataset came from: the name of its backend, e.g. {@code local}
 * @param datasetVersion the dataset's version when its source knows one, else empty
 * @param items          the dataset's items selected for this run, in order
 * @param target         the target's name ({@code langfuse:name#3} for a Langfuse prompt), or
 *                       {@code Class#method} for a task method
 * @param prompt         which prompt text ran: a content hash, and a remote prompt's version and label
 * @param model          the model the target calls, as configured; {@link Model#NONE} when it has none
 * @param startedAt      when the run started
 * @param gitCommit      the commit the tests ran on, empty outside a repository
 * @param settings       the configuration that changes outcomes ({@code repetitions}, {@code pass_rule},
 *                       {@code sample}…), in a stable order
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RunInfo(String experiment, String runId, String testClass, String dataset, String datasetSource,
        String datasetVersion, List<DatasetItem> items, String target, Prompt prompt, Model model, Instant startedAt,
        String gitCommit, Map<String, String> settings) {

    public RunInfo {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(runId, "runId");
        items = List.copyOf(items);
        prompt = prompt == null ? Prompt.NONE : prompt;
        model = model == null ? Model.NONE : model;
        gitCommit = gitCommit == null ? "" : gitCommit;
        datasetVersion = datasetVersion == null ? "" : datasetVersion;
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A run of {@code experiment} with id {@code runId}: set what else is known. */
    public static Builder builder(String experiment, String runId) {
        return new Builder(experiment, runId);
    }

    /**
     * Which prompt text ran.
     *
     * @param hash    SHA-256 of the prompt's messages (roles and templates), empty for a task method
     * @param version the version of a prompt from a backend (Langfuse), empty for a local one
     * @param label   the label it was fetched by, empty when none
     */
    public record Prompt(String hash, String version, String label) {

        public static final Prompt NONE = new Prompt("", "", "");

        public Prompt {
            hash = hash == null ? "" : hash;
            version = version == null ? "" : version;
            label = label == null ? "" : label;
        }
    }

    /**
     * The model a target calls, as configured.
     *
     * @param provider   e.g. {@code openai}
     * @param name       e.g. {@code gpt-4o-mini}
     * @param parameters temperature, max_tokens… as configured
     */
    public record Model(String provider, String name, Map<String, Object> parameters) {

        public static final Model NONE = new Model("", "", Map.of());

        public Model {
            provider = provider == null ? "" : provider;
            name = name == null ? "" : name;
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** Builds a {@link RunInfo}; what is not set is empty. */
    public static final class Builder {

        private final String experiment;
        private final String runId;
        private String testClass = "";
        private String dataset = "";
        private String datasetSource = "local";
        private String datasetVersion = "";
        private final List<DatasetItem> items = new ArrayList<>();
        private String target = "";
        private Prompt prompt = Prompt.NONE;
        private Model model = Model.NONE;
        private Instant startedAt = Instant.EPOCH;
        private String gitCommit = "";
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(String experiment, String runId) {
            this.experiment = experiment;
            this.runId = runId;
        }

        public Builder testClass(String testClass) {
            this.testClass = testClass;
            return this;
        }

        /** The dataset's name, the backend it came from, and its version there (empty when unknown). */
        public Builder dataset(String name, String source, String version) {
            this.dataset = name;
            this.datasetSource = source;
            this.datasetVersion = version;
            return this;
        }

        public Builder items(List<DatasetItem> items) {
            this.items.addAll(items);
            return this;
        }

        public Builder target(String target) {
            this.target = target;
            return this;
        }

        public Builder prompt(Prompt prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder model(Model model) {
            this.model = model;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder gitCommit(String gitCommit) {
            this.gitCommit = gitCommit;
            return this;
        }

        public Builder setting(String key, String value) {
            this.settings.put(key, value);
            return this;
        }

        public RunInfo build() {
            return new RunInfo(experiment, runId, testClass, dataset, datasetSource, datasetVersion, items, target,
                    prompt, model, startedAt, gitCommit, settings);
        }
    }
}
