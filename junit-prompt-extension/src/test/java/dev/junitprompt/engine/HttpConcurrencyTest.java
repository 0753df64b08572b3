package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.junitprompt.engine.fixtures.HttpConcurrencyExperiments;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The concurrency bound as a provider sees it: requests in flight at once at a fake server. */
class HttpConcurrencyTest {

    private static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""";

    @TempDir
    Path work;

    @Test
    void theServerNeverSeesMoreRequestsAtOnceThanTheBound() throws Exception {
        int bound = 3;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch boundReached = new CountDownLatch(1);
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    int now = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(now, Math::max);
                    if (now >= bound) {
                        boundReached.countDown();
                    }
                    // Hold the first requests until the bound is reached, so they overlap for sure.
                    boundReached.await(10, TimeUnit.SECONDS);
                    inFlight.decrementAndGet();
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body(COMPLETION).build();
                }
            });
            server.start();
            HttpConcurrencyExperiments.baseUrl = server.url("/v1").toString();

            EngineExecutionResults results = EngineKit.engine(work)
                    .configurationParameter("prompt.experiment.datasets.dir", manyItems(12).toString())
                    .configurationParameter("prompt.experiment.concurrency", String.valueOf(bound))
                    .selectors(selectMethod(HttpConcurrencyExperiments.class, "greetMany")).execute();

            results.testEvents().assertStatistics(stats -> stats.started(13).succeeded(13));
            assertThat(server.getRequestCount()).isEqualTo(12);
        }
        assertThat(maxInFlight).hasValue(bound);
    }

    private Path manyItems(int count) throws IOException {
        Path folder = Files.createDirectories(work.resolve("datasets/many"));
        StringBuilder json = new StringBuilder("[");
        for (int i = 1; i <= count; i++) {
            json.append(i > 1 ? "," : "").append(String.format(
                    "{\"id\":\"item-%02d\",\"inputs\":{\"name\":\"Person%d\",\"lang\":\"English\"}}", i, i));
        }
        Files.writeString(folder.resolve("test_cases.json"), json.append("]").toString());
        return work.resolve("datasets");
    }
}
