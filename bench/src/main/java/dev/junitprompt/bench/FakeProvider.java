package dev.junitprompt.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible chat-completions server on loopback for the whole-process benchmark, a thread per
 * connection, HTTP/1.1 keep-alive. It counts what the issue asks about: connections opened, requests, calls in
 * flight at once, and when the first request arrived.
 *
 * <p>Two kinds. {@link Kind#ORDINARY} behaves like a plain HTTP/1.1 server such as Python's {@code http.server}:
 * Nagle's algorithm on, the response's head and body written separately, and that server's listen backlog of 5,
 * which drops simultaneous connects beyond it (the client's SYN is retried after a second). {@link Kind#TUNED}
 * answers in one write with {@code TCP_NODELAY} and a backlog of 1,024.
 */
final class FakeProvider implements AutoCloseable {

    enum Kind {
        ORDINARY(5), TUNED(1024);

        final int backlog;

        Kind(int backlog) {
            this.backlog = backlog;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final byte[] COMPLETION = """
            {"id":"chatcmpl-bench","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini-2024-07-18",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"label\\": \\"positive\\", \
            \\"confidence\\": 0.93}"},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":120,"completion_tokens":12,"total_tokens":132}}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private final Kind kind;
    private final long latencyMillis;
    private final int limitedPerTen;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger limited = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong firstRequestNanos = new AtomicLong();
    private final AtomicLong lastAnswerNanos = new AtomicLong();

    /**
     * @param limitedPerTen how many calls in ten are answered {@code 429, Retry-After: 1} at once (0 for none)
     */
    FakeProvider(Kind kind, long latencyMillis, int limitedPerTen) throws IOException {
        this.kind = kind;
        this.latencyMillis = latencyMillis;
        this.limitedPerTen = limitedPerTen;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), kind.backlog);
        Thread acceptor = new Thread(this::accept, "fake-provider-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    int connections() {
        return connections.get();
    }

    int requests() {
        return requests.get();
    }

    int limited() {
        return limited.get();
    }

    int peakInFlight() {
        return peakInFlight.get();
    }

    /** {@link System#nanoTime()} when the first request's head had arrived, 0 before. */
    long firstRequestNanos() {
        return firstRequestNanos.get();
    }

    /** {@link System#nanoTime()} when the last answer had been written, 0 before. */
    long lastAnswerNanos() {
        return lastAnswerNanos.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                socket.setTcpNoDelay(kind == Kind.TUNED);
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                int contentLength = readHead(in);
                if (contentLength < 0) {
                    return; // the client closed the connection
                }
                firstRequestNanos.compareAndSet(0, System.nanoTime());
                in.skipNBytes(contentLength);
                int number = requests.getAndIncrement();
                if (number % 10 < limitedPerTen) {
                    limited.incrementAndGet();
                    respond(out, "429 Too Many Requests", "Retry-After: 1\r\n", RATE_LIMITED);
                    continue;
                }
                int now = inFlight.incrementAndGet();
                peakInFlight.accumulateAndGet(now, Math::max);
                try {
                    if (latencyMillis > 0) {
                        TimeUnit.MILLISECONDS.sleep(latencyMillis); // the provider thinking
                    }
                    respond(out, "200 OK", "", COMPLETION);
                } finally {
                    inFlight.decrementAndGet();
                }
                lastAnswerNanos.accumulateAndGet(System.nanoTime(), Math::max);
            }
        } catch (SocketException | java.io.EOFException closed) {
            // The client went away mid-request: nothing to answer.
        } catch (IOException e) {
            System.err.println("fake provider: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void respond(OutputStream out, String status, String extraHeaders, byte[] body) throws IOException {
        byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII);
        if (kind == Kind.ORDINARY) {
            out.write(head); // as http.server does: end_headers() flushes the head, then wfile.write(body)
            out.flush();
            out.write(body);
        } else {
            byte[] whole = new byte[head.length + body.length];
            System.arraycopy(head, 0, whole, 0, head.length);
            System.arraycopy(body, 0, whole, head.length, body.length);
            out.write(whole);
        }
        out.flush();
    }

    /** Reads a request head; its Content-Length, or -1 at the end of the stream. */
    private static int readHead(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int contentLength = 0;
        boolean any = false;
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (any) {
                    throw new java.io.EOFException("request head cut short");
                }
                return -1;
            }
            any = true;
            if (c == '\n') {
                String text = line.toString().strip();
                line.setLength(0);
                if (text.isEmpty()) {
                    return contentLength;
                }
                if (text.regionMatches(true, 0, "content-length:", 0, 15)) {
                    contentLength = Integer.parseInt(text.substring(15).strip());
                }
            } else {
                line.append((char) c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
