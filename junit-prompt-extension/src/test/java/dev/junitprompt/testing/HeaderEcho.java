package dev.junitprompt.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The error reply of a careless server or proxy that echoes the request back — its headers, Authorization included —
 * in the body: what a client must never copy into a log, report or exception unredacted.
 */
public final class HeaderEcho {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HeaderEcho() {
    }

    /**
     * A JSON error {@code {"<messageField>": "... Authorization: Basic …", "request": {"headers": {…}}}}: the headers
     * both inside the message a client shows and as a field of their own; a dotted {@code messageField} nests.
     */
    public static MockResponse reply(int status, RecordedRequest request, String messageField) {
        ObjectNode body = JSON.createObjectNode();
        StringBuilder message = new StringBuilder("Rejected " + request.getMethod() + " " + request.getUrl().encodedPath()
                + " with headers:");
        ObjectNode headers = body.putObject("request").putObject("headers");
        request.getHeaders().forEach(header -> {
            message.append(' ').append(header.getFirst()).append(": ").append(header.getSecond()).append(';');
            headers.put(header.getFirst(), header.getSecond());
        });
        // A dotted field nests: error.message is OpenAI's {"error": {"message": …}}.
        ObjectNode parent = body;
        String[] path = messageField.split("\\.");
        for (int i = 0; i < path.length - 1; i++) {
            parent = parent.putObject(path[i]);
        }
        parent.put(path[path.length - 1], message.toString());
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(body.toString()).build();
    }
}
