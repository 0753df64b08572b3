package dev.junitprompt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A loopback stand-in for OpenAI's API: it keeps the JSON bodies it was sent and answers each as told. */
public final class LoopbackOpenAi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoopbackOpenAi() {
    }

    /** A started server; {@code bodies} gets each request's body, {@code answer} makes its response. */
    public static MockWebServer start(List<JsonNode> bodies, Function<JsonNode, MockResponse> answer) throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    JsonNode body = JSON.readTree(request.getBody().utf8());
                    bodies.add(body);
                    return answer.apply(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        server.start();
        return server;
    }
}
