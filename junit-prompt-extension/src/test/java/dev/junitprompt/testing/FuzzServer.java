package dev.junitprompt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A loopback server that answers every request with the reply a fuzz test sets for its try. */
public final class FuzzServer implements AutoCloseable {

    /** Two attempts without waits: a retried failure is tried, and the fuzz does not sleep. */
    public static final dev.junitprompt.internal.RetryPolicy RETRIES = new dev.junitprompt.internal.RetryPolicy(2,
            java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ofSeconds(5));

    private final MockWebServer server = new MockWebServer();
    private volatile MockResponse next = new MockResponse.Builder().code(500).build();

    public FuzzServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return next;
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on every request gets {@code status} with {@code body} as JSON. */
    public void answer(int status, String body) {
        // A connection per answer: on a reused one, MockWebServer's answers wait some 40 ms (delayed ACKs) each.
        next = new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .addHeader("Connection", "close").body(body).build();
    }

    /**
     * Statuses a service answers with: mostly {@code successes}, often one of {@code failures}, now and then any
     * status from 200 to 599 (1xx answers are informational: a client rightly waits for the real one).
     */
    public static Generator<Integer> statuses(java.util.List<Integer> successes, java.util.List<Integer> failures) {
        return Generator.frequency(java.util.Map.entry(6, Generator.of(successes)),
                java.util.Map.entry(2, Generator.of(failures)), java.util.Map.entry(1, Generator.between(200, 599)));
    }

    /** The server's base URL, without a trailing slash. */
    public String url() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    @Override
    public void close() {
        server.close();
    }
}
