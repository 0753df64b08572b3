package dev.junitprompt.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apiguardian.api.API;

import dev.junitprompt.internal.RetryPolicy;
import dev.junitprompt.target.PromptMessage;
import dev.junitprompt.target.TargetMetadata.ModelSpec;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;

/**
 * Warms the model clients up on a daemon thread while the engine discovers, once per JVM. A first call costs
 * some 0.5 s more than the next ones, on the critical path of the whole first wave: loading LangChain4j, OkHttp
 * and Kotlin, and Jackson working out how to write LangChain4j's request and read its response. So the
 * warm-up makes one real chat call through the OpenAI client junit-prompt builds, to a one-answer server on
 * loopback in this JVM: nothing leaves the machine, no key is used, and the only connection it opens is closed
 * after the answer. Bounded by {@link #DEADLINE}; a failure only means the first real call does the work itself.
 */
@API(status = API.Status.INTERNAL)
public final class ModelWarmUp {

    static final Duration DEADLINE = Duration.ofSeconds(5);

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private static final String ANSWER = "{\"id\":\"warm-up\",\"object\":\"chat.completion\",\"created\":0,"
            + "\"model\":\"warm-up\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

    private ModelWarmUp() {
    }

    /** Starts the warm-up unless it has started already. */
    public static void start() {
        if (STARTED.compareAndSet(false, true)) {
            Thread thread = new Thread(ModelWarmUp::warmUp, "prompt-experiment-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** One chat call to a loopback answer; whether it was answered. */
    static boolean warmUp() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) DEADLINE.toMillis());
            Thread answering = new Thread(() -> answerOnce(server), "prompt-experiment-warm-up-answer");
            answering.setDaemon(true);
            answering.start();
            RetryPolicy policy = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, DEADLINE);
            ChatModel model = ChatModels.fromSpec(new ModelSpec("openai", "warm-up", Map.of()),
                    Map.of("OPENAI_API_KEY", "warm-up", "OPENAI_BASE_URL",
                            "http://127.0.0.1:" + server.getLocalPort() + "/v1"), policy);
            ChatRequest.Builder request = ChatRequest.builder().messages(ChatModelCaller.toChatMessages(
                    List.of(new PromptMessage("system", "warm-up"), new PromptMessage("user", "warm-up"))));
            ChatModelCaller.applyParameters(request, Map.of("temperature", 0));
            return "ok".equals(model.chat(request.build()).aiMessage().text());
        } catch (IOException | RuntimeException | LinkageError e) {
            return false; // the first real call does the work itself, and says what is wrong if anything is
        }
    }

    private static void answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int contentLength = 0;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring(15).strip());
                }
            }
            in.skipNBytes(contentLength);
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // The call fails with it, and the warm-up is over.
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("request cut short");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
