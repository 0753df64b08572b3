package dev.junitprompt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Goals against a Langfuse on loopback that answers as {@code shared/contracts/langfuse} describes: a prompt not found
 * is a 404 with a JSON message, {@code POST /api/public/v2/prompts} answers 201 with the created version (which
 * carries {@code latest}), wrong keys a 401.
 */
class LangfuseGoalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC_KEY = "pk-lf-test";
    private static final String SECRET_KEY = "sk-lf-test-secret";

    @TempDir
    Path project;

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final RecordingLog log = new RecordingLog();
    private boolean rejectKeys;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return answer(request);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MockResponse answer(RecordedRequest request) {
        if (rejectKeys) {
            return json(401, JSON.createObjectNode().put("message", "Invalid credentials. Confirm that you've "
                    + "configured the correct host."));
        }
        String route = request.getMethod() + " " + request.getUrl().encodedPath();
        if (route.equals("GET /api/public/v2/prompts/greet")) {
            return json(404, JSON.createObjectNode().put("message", "Prompt not found"));
        }
        if (route.equals("POST /api/public/v2/prompts")) {
            JsonNode body = read(request);
            ObjectNode created = JSON.createObjectNode().put("type", body.path("type").asText())
                    .put("name", body.path("name").asText()).put("version", 1);
            created.set("prompt", body.get("prompt"));
            created.putObject("config");
            ArrayNode labels = created.putArray("labels");
            body.path("labels").forEach(labels::add);
            labels.add("latest");
            created.putArray("tags");
            created.put("commitMessage", body.path("commitMessage").asText());
            return json(201, created);
        }
        return json(404, JSON.createObjectNode().put("message", "no route " + route + " in this test"));
    }

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(body.toString()).build();
    }

    private static JsonNode read(RecordedRequest request) {
        try {
            return JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> environment() {
        String host = server.url("/").toString().replaceAll("/+$", "");
        return Map.of("LANGFUSE_HOST", host, "LANGFUSE_PUBLIC_KEY", PUBLIC_KEY, "LANGFUSE_SECRET_KEY", SECRET_KEY);
    }

    private PushPromptsMojo pushPrompts() throws IOException {
        Path target = Files.createDirectories(project.resolve("targets/greet"));
        Files.writeString(target.resolve("prompt.txt"), "Hello {name}, welcome to {team.name}.");
        PushPromptsMojo mojo = new PushPromptsMojo();
        mojo.targets = project.resolve("targets").toFile();
        mojo.environment(environment());
        mojo.setLog(log);
        return mojo;
    }

    @Test
    void pushPromptsCreatesThePromptAndLogsWhatItDid() throws Exception {
        PushPromptsMojo mojo = pushPrompts();

        mojo.execute();

        assertThat(requests).extracting(RecordedRequest::getMethod, RecordedRequest::getTarget).containsExactly(
                tuple("GET", "/api/public/v2/prompts/greet?label=latest"),
                tuple("POST", "/api/public/v2/prompts"));
        String basic = "Basic " + Base64.getEncoder().encodeToString((PUBLIC_KEY + ":" + SECRET_KEY)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(requests).allSatisfy(request -> assertThat(request.getHeaders().get("Authorization"))
                .isEqualTo(basic));
        JsonNode created = read(requests.get(1));
        assertThat(created.path("name").asText()).isEqualTo("greet");
        assertThat(created.path("type").asText()).isEqualTo("text");
        assertThat(created.path("prompt").asText()).isEqualTo("Hello {{name}}, welcome to {{team.name}}.");
        assertThat(created.path("labels")).containsExactly(JSON.getNodeFactory().textNode("staging"));
        assertThat(log.lines).containsExactly("info: greet: created version 1 (labels: staging, latest)",
                "info: Pushed 1 prompts: 1 changed, 0 unchanged.");
    }

    @Test
    void pushPromptsSendsTheLabelsOfItsParameters() throws Exception {
        PushPromptsMojo mojo = pushPrompts();
        mojo.labels = List.of("staging", "beta");

        mojo.execute();

        assertThat(read(requests.get(1)).path("labels")).containsExactly(JSON.getNodeFactory().textNode("staging"),
                JSON.getNodeFactory().textNode("beta"));
        assertThat(log.lines).first().isEqualTo("info: greet: created version 1 (labels: staging, beta, latest)");
    }

    @Test
    void aLabelLangfuseWouldRefuseNamesTheParameterAndSendsNothing() throws Exception {
        PushPromptsMojo mojo = pushPrompts();
        mojo.labels = List.of("Staging");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("labels (-Djunitprompt.labels): Invalid label 'Staging'");
        assertThat(requests).isEmpty();
        assertThat(log.lines).isEmpty();
    }

    @Test
    void rejectedKeysFailTheBuildInOneLineWithoutTheSecret() {
        rejectKeys = true;
        PromoteMojo mojo = new PromoteMojo();
        mojo.prompt = "greet";
        mojo.version = "1";
        mojo.environment(environment());
        mojo.setLog(log);

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessage("Langfuse rejected the keys for " + environment().get("LANGFUSE_HOST")
                        + ": check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY")
                .message().doesNotContain(SECRET_KEY);
        assertThat(requests).extracting(RecordedRequest::getMethod, RecordedRequest::getTarget).containsExactly(
                tuple("GET", "/api/public/v2/prompts/greet?label=production"));
        assertThat(log.lines).isEmpty();
    }
}
