package dev.junitprompt.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.junitprompt.backend.langfuse.LangfuseResultSink;
import dev.junitprompt.backend.langsmith.LangSmithResultSink;
import dev.junitprompt.backend.local.LocalResultSink;
import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.results.ResultSink;

/** The result sinks by the names {@code prompt.experiment.backends} lists. */
public final class ResultSinks {

    /** Every backend there is, in the order they are documented. */
    public static final List<String> NAMES = List.of("local", "langfuse", "langsmith");

    private ResultSinks() {
    }

    /**
     * What the sinks are configured with.
     *
     * @param resultsDir      where the local sink writes
     * @param environment     where remote sinks read their host and credentials
     * @param langfuseLinking how Langfuse runs link items: by the server's version, or forced
     * @param retry           how remote sinks retry their requests
     */
    public record Settings(Path resultsDir, Map<String, String> environment, LangfuseResultSink.Linking langfuseLinking,
            RetryPolicy retry) {

        /** Without the environment: it holds API keys, which must never reach a log or a message. */
        @Override
        public String toString() {
            return "Settings[resultsDir=" + resultsDir + ", langfuseLinking=" + langfuseLinking + ", retry=" + retry + "]";
        }
    }

    /** The sinks named, each one of {@link #NAMES}. */
    public static List<ResultSink> create(List<String> names, Settings settings) {
        return names.stream().map(name -> switch (name) {
            case "local" -> (ResultSink) new LocalResultSink(settings.resultsDir());
            case "langfuse" -> new LangfuseResultSink(settings.environment(), settings.langfuseLinking(),
                    settings.retry());
            case "langsmith" -> new LangSmithResultSink(settings.environment(), settings.retry());
            default -> throw new IllegalArgumentException("Unknown result backend '" + name + "'; available: " + NAMES);
        }).toList();
    }
}
