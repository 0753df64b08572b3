package dev.junitprompt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

@Timeout(30)
class HttpClientsTest {

    @Test
    void modelCallsKeepOneConnectionPerCallInFlightAcrossWaves() throws Exception {
        // 40 calls in flight at once, and all 40 done before the next wave: more idle connections than the 32 the
        // shared pool keeps, which closed 8 after each wave and opened 8 new ones for the next.
        int concurrency = 40;
        int waves = 3;
        CyclicBarrier allInFlight = new CyclicBarrier(concurrency);
        CyclicBarrier allDone = new CyclicBarrier(concurrency);
        Set<Integer> connections = ConcurrentHashMap.newKeySet();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    connections.add(request.getConnectionIndex());
                    try {
                        allInFlight.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        return new MockResponse.Builder().code(500).body("not all calls arrived: " + e).build();
                    }
                    return new MockResponse.Builder().code(200).body("{}").build();
                }
            });
            server.start();
            OkHttpClient client = HttpClients.forModels(concurrency);
            ExecutorService callers = Executors.newFixedThreadPool(concurrency);
            try {
                List<Future<Integer>> codes = new ArrayList<>();
                for (int caller = 0; caller < concurrency; caller++) {
                    codes.add(callers.submit(() -> {
                        int worst = 200;
                        for (int wave = 0; wave < waves; wave++) {
                            try (Response response = client.newCall(new Request.Builder()
                                    .url(server.url("/v1/chat/completions")).build()).execute()) {
                                response.body().string();
                                worst = Math.max(worst, response.code());
                            }
                            allDone.await(10, TimeUnit.SECONDS);
                        }
                        return worst;
                    }));
                }
                for (Future<Integer> code : codes) {
                    assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(200);
                }
            } finally {
                callers.shutdownNow();
            }
            assertThat(server.getRequestCount()).isEqualTo(concurrency * waves);
            assertThat(connections).hasSizeLessThanOrEqualTo(concurrency + HttpClients.MODEL_CONNECTION_SLACK);
        }
    }

    @Test
    void modelClientsShareOnePoolThatGrowsToTheLargestConcurrency() {
        OkHttpClient small = HttpClients.forModels(2);
        OkHttpClient same = HttpClients.forModels(1);
        assertThat(same.connectionPool()).isSameAs(small.connectionPool());
        assertThat(small.connectionPool()).isNotSameAs(HttpClients.shared().connectionPool());

        OkHttpClient larger = HttpClients.forModels(500);
        assertThat(HttpClients.forModels(3).connectionPool()).isSameAs(larger.connectionPool());
        // The shared client's threads: model calls and backends use one dispatcher.
        assertThat(larger.dispatcher()).isSameAs(HttpClients.shared().dispatcher());
    }

    @Test
    void anHttpUrlGetsACleartextSiblingOfTheSharedClientThatSkipsTheTlsSetUp() {
        OkHttpClient cleartext = HttpClients.forUrl("HTTP://localhost:11434/v1");
        assertThat(cleartext.connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
        assertThat(cleartext.followSslRedirects()).isFalse();
        assertThat(cleartext.connectionPool()).isSameAs(HttpClients.shared().connectionPool());
        assertThat(cleartext.dispatcher()).isSameAs(HttpClients.shared().dispatcher());
        assertThat(cleartext.connectTimeoutMillis()).isEqualTo(HttpClients.shared().connectTimeoutMillis());

        assertThat(HttpClients.forUrl("https://api.openai.com/v1")).isSameAs(HttpClients.shared());
        assertThat(HttpClients.forUrl(null)).isSameAs(HttpClients.shared());

        OkHttpClient models = HttpClients.forModels(4, "http://127.0.0.1:8000/v1");
        assertThat(models.connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
        assertThat(models.connectionPool()).isSameAs(HttpClients.forModels(4).connectionPool());
        assertThat(HttpClients.forModels(4, "https://api.anthropic.com").connectionSpecs())
                .isEqualTo(HttpClients.shared().connectionSpecs());
    }

    @Test
    void aConcurrencyBelowOneIsRefused() {
        assertThatThrownBy(() -> HttpClients.forModels(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be positive but is 0");
    }
}
