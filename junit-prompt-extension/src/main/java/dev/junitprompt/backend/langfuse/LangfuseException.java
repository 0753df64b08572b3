package dev.junitprompt.backend.langfuse;

import java.util.List;

import org.apiguardian.api.API;

/**
 * Langfuse refused a request, could not be reached, or answered something unreadable. The message says what to fix
 * (a key, the host, a dataset or prompt name) and never carries a secret key or an {@code Authorization} header.
 */
@API(status = API.Status.INTERNAL)
public final class LangfuseException extends RuntimeException {

    private final int status;
    private final List<RejectedEvent> rejectedEvents;

    LangfuseException(String message) {
        this(message, -1, List.of(), null);
    }

    LangfuseException(String message, int status) {
        this(message, status, List.of(), null);
    }

    LangfuseException(String message, Throwable cause) {
        this(message, -1, List.of(), cause);
    }

    LangfuseException(String message, int status, List<RejectedEvent> rejectedEvents, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.rejectedEvents = List.copyOf(rejectedEvents);
    }

    /** The HTTP status Langfuse answered, or -1 when there was no answer (unreachable, interrupted…). */
    public int status() {
        return status;
    }

    /** The ingestion events Langfuse did not take (per-event errors of a 207), empty for other failures. */
    public List<RejectedEvent> rejectedEvents() {
        return rejectedEvents;
    }

    /**
     * One ingestion event Langfuse did not take.
     *
     * @param eventId  the envelope id of the event
     * @param type     the event type, e.g. {@code score-create}
     * @param entityId the id of the entity in its body (the score id)
     * @param name     the entity's name (the score name), or {@code null}
     * @param status   the per-event status from {@code errors[]}
     * @param message  Langfuse's message for it, or an empty string
     */
    public record RejectedEvent(String eventId, String type, String entityId, String name, int status,
            String message) {

        @Override
        public String toString() {
            return type + " " + entityId + (name == null ? "" : " (" + name + ")") + ": HTTP " + status
                    + (message.isBlank() ? "" : " " + message);
        }
    }
}
