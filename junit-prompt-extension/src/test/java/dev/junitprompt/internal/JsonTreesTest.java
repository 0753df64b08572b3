package dev.junitprompt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.junitprompt.testing.Fuzz;

class JsonTreesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final List<String> SEEDS = List.of(
            "[{\"id\":\"case-001\",\"inputs\":{\"n\":1,\"big\":123456789012345678901234567890,\"x\":1.5e300},"
                    + "\"expected\":{\"ok\":true,\"none\":null,\"list\":[1,-2,3.25,\"four\"]}}]",
            "model:\n  provider: openai\n  name: gpt-4o-mini\n  parameters: {temperature: 0.2, max_tokens: 64}\n"
                    + "tags: [a, b]\nflag: yes\nwhen: 2026-12-01\nlong: 9999999999\n",
            "{\"dup\":1,\"dup\":2}", "{}", "[]", "\"text\"", "42", "");

    @Test
    void readsTheTreesAnObjectMapperReads() throws Exception {
        for (String seed : SEEDS) {
            assertThat(JsonTrees.readJson(seed.startsWith("model:") ? "{}" : seed))
                    .isEqualTo(JSON.readTree(seed.startsWith("model:") ? "{}" : seed));
            assertThat(JsonTrees.readYaml(seed)).isEqualTo(YAML.readTree(seed));
        }
    }

    @Test
    void anyTextReadsAsAnObjectMapperReadsItOrFailsAsItFails() {
        Fuzz.forAll(Fuzz.texts(SEEDS, List.of("id", "inputs", "expected", "model", "parameters")), text -> {
            assertSameAsMapper(text, JSON, false);
            assertSameAsMapper(text, YAML, true);
        });
    }

    private static void assertSameAsMapper(String text, ObjectMapper mapper, boolean yaml) throws Exception {
        JsonNode expected;
        try {
            expected = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            assertThatThrownBy(() -> read(text, yaml)).isInstanceOf(JsonProcessingException.class);
            return;
        }
        JsonNode tree = read(text, yaml);
        assertThat(tree).isEqualTo(expected);
        assertThat(JsonTrees.toJava(tree)).isEqualTo(mapper.convertValue(expected, Object.class));
    }

    private static JsonNode read(String text, boolean yaml) throws Exception {
        return yaml ? JsonTrees.readYaml(text) : JsonTrees.readJson(text);
    }

    @Test
    void anEmptyTextIsTheMissingNode() throws Exception {
        assertThat(JsonTrees.readJson("  ").isMissingNode()).isTrue();
        assertThat(JsonTrees.readYaml("").isMissingNode()).isTrue();
    }

    @Test
    void plainJavaValuesKeepTheirOrderAndTypes() throws Exception {
        assertThat(JsonTrees.toJava(JsonTrees.readYaml("b: 1\na: [x, 2.5, true, null]\n")))
                .isEqualTo(Map.of("b", 1, "a", java.util.Arrays.asList("x", 2.5, true, null)))
                .asString().startsWith("{b=1");
    }

    @Test
    void aMalformedTextFailsWithItsLocation() {
        assertThatThrownBy(() -> JsonTrees.readJson("{\n  \"a\": [1,\n}"))
                .isInstanceOf(JsonProcessingException.class)
                .satisfies(e -> assertThat(((JsonProcessingException) e).getLocation().getLineNr()).isEqualTo(3));
    }
}
