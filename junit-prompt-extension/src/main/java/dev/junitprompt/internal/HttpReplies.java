package dev.junitprompt.internal;

import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the backend clients read a server's reply for their error messages: the server's own message
 * when it sent JSON, else the start of what it sent. Not API.
 */
@API(status = API.Status.INTERNAL)
public final class HttpReplies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET_CHARS = 200;

    private HttpReplies() {
    }

    /** The reply as JSON, empty when it is blank or not JSON (an HTML page from a proxy, say). */
    public static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    /** The first of {@code fields} the server filled, as one short line; else the whole JSON, shortened. */
    public static String serverMessage(JsonNode json, List<String> fields) {
        for (String field : fields) {
            JsonNode value = json.path(field);
            if (value.isTextual()) {
                return snippet(value.asText());
            }
            if (value.isObject() || value.isArray()) {
                return snippet(value.toString());
            }
        }
        return snippet(json.toString());
    }

    /** What a reply says: the server's message, {@code (empty reply)}, or the start of a non-JSON reply. */
    public static String describe(String text, List<String> fields) {
        return parse(text).map(json -> serverMessage(json, fields))
                .orElseGet(() -> text.isBlank() ? "(empty reply)" : "a reply that is not JSON: " + snippet(text));
    }

    /** The first 200 characters, on one line. */
    public static String snippet(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= SNIPPET_CHARS ? oneLine : oneLine.substring(0, SNIPPET_CHARS) + "…";
    }
}
