package dev.junitprompt.results;

import java.util.List;

import org.apiguardian.api.API;


/**
 * Where experiment results go: local files, Langfuse, LangSmith. A sink opens a {@link Recorder} per
 * experiment run; items are recorded as they finish, then the run is finished once with its summary.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ResultSink {

    /** Short name used in configuration ({@code prompt.experiment.backends}) and messages. */
    String name();

    Recorder open(RunInfo run) throws Exception;

    /**
     * Whether it records to a remote service. A remote sink's item runs are spooled in the run folder before they
     * are sent and marked there once {@linkplain Recorder#flush() delivered}, so a run killed or cut off mid-way
     * can be sent later ({@code upload-spool <run folder>}); it must then give what it sends ids derived from the
     * run and the item, so a second send overwrites instead of adding copies. Local files are not remote.
     */
    default boolean remote() {
        return false;
    }

    /** Records one experiment run. Implementations must accept items from several threads. */
    interface Recorder {

        void record(ItemResult result) throws Exception;

        /**
         * Sends what is queued and returns once the backend has taken every item run recorded so far: after it
         * returns, those items are marked delivered in the run's spool. Throws when they could not all be
         * delivered (a span, score or run refused or lost), so they stay in the spool.
         */
        default void flush() throws Exception {
        }

        /**
         * Completes the run. Returns a line for the console summary (a path or URL where the run can be
         * seen), or an empty string.
         */
        String finish(ExperimentSummary summary) throws Exception;

        /**
         * What this recorder could not deliver, asked once it finished: {@code 12 of 30 spans not delivered …}.
         * Each becomes a note of the run, in the console, the reports and the run record.
         */
        default List<String> problems() {
            return List.of();
        }

        /**
         * Whether this recorder reports where else the run can be seen (the local report links to the
         * backends' runs), so it finishes after the others and its summary holds their links.
         */
        default boolean finishesLast() {
            return false;
        }

        /** Releases what the recorder holds (files, exporters); called once at the end, finished or failed. */
        default void close() {
        }
    }
}
