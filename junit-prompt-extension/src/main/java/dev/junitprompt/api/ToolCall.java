package dev.junitprompt.api;

import java.util.Objects;
import java.util.Optional;

import org.apiguardian.api.API;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A tool the model asked to have called, as it asked: the tool's name and its arguments, a JSON object in text (a
 * model may send malformed JSON, so the text is kept as it came). Targets whose {@code .metadata.yaml} declares
 * {@code tools} get these in {@link PromptResult#toolCalls()}; the engine never runs the tool.
 *
 * <pre>{@code
 * ToolCall call = result.toolCalls().get(0);
 * assertThat(call.name()).isEqualTo("get_weather");
 * assertThat(call.json().orElseThrow().path("city").asText()).isEqualTo("Paris");
 * }</pre>
 *
 * @param id        the provider's id of the call, empty when it gave none
 * @param name      the tool's name
 * @param arguments the arguments as the model wrote them, normally a JSON object
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ToolCall(String id, String name, String arguments) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ToolCall {
        id = id == null ? "" : id;
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "" : arguments;
    }

    /** The arguments as JSON ({@code {}} for none); empty when the model's text is not JSON. */
    public Optional<JsonNode> json() {
        if (arguments.isBlank()) {
            return Optional.of(JSON.createObjectNode());
        }
        try {
            return Optional.ofNullable(JSON.readTree(arguments));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** {@code get_weather({"city":"Paris"})}: how messages show the call. */
    @Override
    public String toString() {
        return name + "(" + arguments + ")";
    }
}
