package dev.junitprompt.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import jdk.net.ExtendedSocketOptions;

/**
 * The sockets model calls connect with. Two things about ordinary HTTP/1.1 servers (a Python or Node server, a
 * local inference server) that would otherwise cost every run:
 * <ul>
 * <li>A small listen backlog (Python's {@code http.server} has 5) drops connects beyond it when a run's first
 * wave opens 16 or 64 at once (the kernel completes the handshakes faster than such a server accepts them), and
 * the kernel retries a dropped connect only after a second. Connects to one address start a millisecond apart:
 * 64 connections take 64 ms to start, and the handshakes (TLS too) still run side by side.</li>
 * <li>Such servers write a response's head and body separately with Nagle's algorithm on, so the body waits for
 * the client to acknowledge the head, which Linux delays by some 40 ms. Where the platform has
 * {@code TCP_QUICKACK}, it is set before each read, so what arrives is acknowledged at once.</li>
 * </ul>
 */
final class ModelSockets extends SocketFactory {

    static final long CONNECT_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    static final ModelSockets FACTORY = new ModelSockets();

    /** When the next connect to an address may start: pacing one address delays no other. */
    private static final Map<SocketAddress, Pacer> PACERS = new ConcurrentHashMap<>();
    private static final boolean QUICK_ACK = supportsQuickAck();

    private ModelSockets() {
    }

    @Override
    public Socket createSocket() {
        return new ModelSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new java.net.InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new ModelSocket();
        socket.bind(new java.net.InetSocketAddress(localHost, localPort));
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new java.net.InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = new ModelSocket();
        socket.bind(new java.net.InetSocketAddress(localAddress, localPort));
        socket.connect(new java.net.InetSocketAddress(address, port));
        return socket;
    }

    private static Socket connected(SocketAddress address) throws IOException {
        Socket socket = new ModelSocket();
        socket.connect(address);
        return socket;
    }

    private static boolean supportsQuickAck() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static final class ModelSocket extends Socket {

        private InputStream input;

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            long now = System.nanoTime();
            long waitNanos = PACERS.computeIfAbsent(endpoint, address -> new Pacer(now)).reserve(now);
            if (timeout > 0 && waitNanos >= TimeUnit.MILLISECONDS.toNanos(timeout)) {
                throw new SocketTimeoutException("Connect to " + endpoint + " would wait past its timeout of "
                        + timeout + " ms for its turn");
            }
            if (waitNanos > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            int left = timeout == 0 ? 0 : (int) Math.max(1, timeout - TimeUnit.NANOSECONDS.toMillis(waitNanos));
            super.connect(endpoint, left);
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (!QUICK_ACK) {
                return super.getInputStream();
            }
            if (input == null) {
                input = new QuickAckInput(super.getInputStream(), this);
            }
            return input;
        }
    }

    /** Hands out start times for connects to one address, {@link #CONNECT_SPACING_NANOS} apart. */
    static final class Pacer {

        private long next;

        /** @param now {@link System#nanoTime()} when the first connect may start */
        Pacer(long now) {
            this.next = now;
        }

        /** How long a caller asking at {@code now} ({@link System#nanoTime()}) waits before its connect starts. */
        synchronized long reserve(long now) {
            long start = next - now > 0 ? next : now;
            next = start + CONNECT_SPACING_NANOS;
            return start - now;
        }
    }

    /** Turns quick acknowledgement on before each read: Linux turns it off again by itself. */
    private static final class QuickAckInput extends FilterInputStream {

        private final Socket socket;

        QuickAckInput(InputStream in, Socket socket) {
            super(in);
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            quickAck();
            return super.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            quickAck();
            return super.read(bytes, offset, length);
        }

        private void quickAck() {
            try {
                socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            } catch (IOException | RuntimeException closed) {
                // A closed socket: the read says so.
            }
        }
    }
}
