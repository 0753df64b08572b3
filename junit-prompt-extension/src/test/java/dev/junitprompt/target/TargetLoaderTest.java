package dev.junitprompt.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.DatasetItem;

class TargetLoaderTest {

    @TempDir
    Path targets;

    private TargetLoader loader() {
        return new TargetLoader(targets);
    }

    private Path write(String target, String file, String text) throws IOException {
        Path path = targets.resolve(target).resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }

    private static DatasetItem item(String id, String inputs) throws IOException {
        return new DatasetItem("ds", id, "", new ObjectMapper().readTree(inputs), null, null);
    }

    @Test
    void readsPromptTxtAsOneUserMessageWithItsMetadata() throws IOException {
        Path prompt = write("greet", "prompt.txt", "Hello {{ name }}, {name} is literal");
        write("greet", ".metadata.yaml", """
                description: Greets a person
                model:
                  provider: OpenAI
                  name: gpt-4o
                  parameters:
                    temperature: 0.2
                    max_tokens: 1200
                output_format: json
                template_format: mustache
                evaluators:
                  - type: contains
                    args: ["Hello", "Ann"]
                    min: 0.5
                  - type: valid_json
                """);

        PromptTarget target = loader().load("greet");

        assertThat(target.name()).isEqualTo("greet");
        assertThat(target.origin()).isEqualTo(prompt.toString());
        TargetMetadata metadata = target.metadata();
        assertThat(metadata.description()).isEqualTo("Greets a person");
        assertThat(metadata.model().provider()).isEqualTo("openai");
        assertThat(metadata.model().name()).isEqualTo("gpt-4o");
        assertThat(metadata.model().parameters()).containsOnly(
                org.assertj.core.api.Assertions.entry("temperature", 0.2),
                org.assertj.core.api.Assertions.entry("max_tokens", 1200));
        assertThat(metadata.outputFormat()).isEqualTo(TargetMetadata.OutputFormat.JSON);
        assertThat(metadata.syntax()).isEqualTo(Template.Syntax.MUSTACHE);
        assertThat(metadata.evaluators()).hasSize(2);
        assertThat(metadata.evaluators().get(0)).satisfies(contains -> {
            assertThat(contains.type()).isEqualTo("contains");
            assertThat(contains.args()).containsExactly("Hello", "Ann");
            assertThat(contains.min()).isEqualTo(0.5);
        });
        assertThat(metadata.evaluators().get(1)).satisfies(validJson -> {
            assertThat(validJson.type()).isEqualTo("valid_json");
            assertThat(validJson.args()).isEmpty();
            assertThat(validJson.min()).isNaN();
        });
        assertThat(target.render(item("a", "{\"name\": \"Ann\"}")))
                .containsExactly(new PromptMessage("user", "Hello Ann, {name} is literal"));
    }

    @Test
    void aJudgeSectionNamesTheModelTheTargetsJudgesAskAtTemperatureZeroUnlessItSaysOtherwise() throws IOException {
        write("judged", "prompt.txt", "Hi {name}");
        write("judged", ".metadata.yaml", """
                model: {provider: openai, name: gpt-4o-mini, parameters: {temperature: 0.7}}
                judge: {name: gpt-4o}
                """);
        write("judged_loose", "prompt.txt", "Hi {name}");
        write("judged_loose", ".metadata.yaml", """
                judge: {provider: anthropic, name: claude-sonnet-4, parameters: {max_tokens: 800}}
                """);
        write("unjudged", "prompt.txt", "Hi {name}");

        TargetLoader loader = new TargetLoader(targets);

        assertThat(loader.load("judged").metadata().judge()).hasValue(new TargetMetadata.ModelSpec("openai", "gpt-4o",
                java.util.Map.of("temperature", 0.0)));
        assertThat(loader.load("judged_loose").metadata().judge()).hasValue(new TargetMetadata.ModelSpec("anthropic",
                "claude-sonnet-4", java.util.Map.of("max_tokens", 800)));
        assertThat(loader.load("unjudged").metadata().judge()).isEmpty();
        write("bad", "prompt.txt", "Hi");
        write("bad", ".metadata.yaml", "judge: gpt-4o\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.load("bad"))
                .hasMessageContaining("'judge' must be a mapping {provider, name, parameters}");
    }

    @Test
    void aModelsListNamesTheOtherModelsToCompareTheTargetOnEachAsModelIs() throws IOException {
        write("compared", "prompt.txt", "Hi {name}");
        write("compared", ".metadata.yaml", """
                model: {provider: openai, name: gpt-4o-mini, parameters: {temperature: 0.2}}
                models:
                  - {name: gpt-4o}
                  - {provider: ollama, name: llama3.2, parameters: {temperature: 0.7}}
                """);

        TargetMetadata metadata = loader().load("compared").metadata();

        assertThat(metadata.models()).containsExactly(
                new TargetMetadata.ModelSpec("openai", "gpt-4o", java.util.Map.of("temperature", 0.2)),
                new TargetMetadata.ModelSpec("ollama", "llama3.2", java.util.Map.of("temperature", 0.7)));
        assertThat(metadata.modelNamed("gpt-4o-mini")).hasValue(metadata.model());
        assertThat(metadata.onModel(metadata.models().get(1)).model().name()).isEqualTo("llama3.2");
        assertThat(metadata.modelNamed("claude")).isEmpty();
    }

    @Test
    void aModelsListThatIsNoListOrNamesAModelTwiceOrNotAtAllIsRefusedByName() throws IOException {
        for (String models : java.util.List.of("models: gpt-4o", "models: [{provider: openai}]",
                "models: [{name: gpt-4o}, {name: gpt-4o}]")) {
            write("bad_models", "prompt.txt", "Hi {name}");
            write("bad_models", ".metadata.yaml", models + "\n");

            assertThatThrownBy(() -> loader().load("bad_models")).isInstanceOf(TargetException.class)
                    .hasMessageContaining(".metadata.yaml: 'models").satisfiesAnyOf(
                            thrown -> assertThat(thrown).hasMessageContaining("must be a list"),
                            thrown -> assertThat(thrown).hasMessageContaining("'models[0]' needs a name"),
                            thrown -> assertThat(thrown).hasMessageContaining("names gpt-4o twice"));
        }
    }

    @Test
    void readsPromptJsonAsChatMessagesInOrder() throws IOException {
        write("chat", "prompt.json", """
                [
                  {"role": "system", "content": "You coach {role} candidates."},
                  {"role": "user", "content": "Plan {weeks} weeks."},
                  {"role": "assistant", "content": "Sure."}
                ]
                """);

        PromptTarget target = loader().load("chat");

        assertThat(target.messages()).extracting(PromptTarget.MessageTemplate::role)
                .containsExactly("system", "user", "assistant");
        assertThat(target.render(item("a", "{\"role\": \"SRE\", \"weeks\": 3}"))).containsExactly(
                new PromptMessage("system", "You coach SRE candidates."),
                new PromptMessage("user", "Plan 3 weeks."),
                new PromptMessage("assistant", "Sure."));
    }

    @Test
    void rejectsAChatMessageWithAnUnknownRole() throws IOException {
        Path prompt = write("chat", "prompt.json", """
                [{"role": "system", "content": "x"}, {"role": "robot", "content": "y"}]
                """);

        assertThatThrownBy(() -> loader().load("chat"))
                .isInstanceOf(TargetException.class)
                .hasMessage(prompt + ": message #2 has role 'robot'; use one of system, user, assistant");
    }

    @Test
    void rejectsAChatMessageWithoutContent() throws IOException {
        Path prompt = write("chat", "prompt.json", """
                [{"role": "user"}]
                """);

        assertThatThrownBy(() -> loader().load("chat"))
                .isInstanceOf(TargetException.class)
                .hasMessage(prompt + ": message #1 needs a \"content\" string that is not empty");
    }

    @Test
    void rejectsAnEmptyChatPrompt() throws IOException {
        Path prompt = write("chat", "prompt.json", "[]");

        assertThatThrownBy(() -> loader().load("chat"))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith(prompt + ": expected a non-empty JSON array");
    }

    @Test
    void usesDefaultsWithoutMetadata() throws IOException {
        write("plain", "prompt.txt", "Question about {topic}");

        PromptTarget target = loader().load("plain");

        assertThat(target.metadata()).isEqualTo(TargetMetadata.defaults());
        assertThat(target.metadata().model().provider()).isEqualTo("openai");
        assertThat(target.metadata().model().name()).isEqualTo("gpt-4o-mini");
        assertThat(target.metadata().outputFormat()).isEqualTo(TargetMetadata.OutputFormat.TEXT);
        assertThat(target.metadata().syntax()).isEqualTo(Template.Syntax.PYTHON);
        assertThat(target.render(item("a", "{\"topic\": \"Kafka\"}")))
                .containsExactly(new PromptMessage("user", "Question about Kafka"));
    }

    @Test
    void usesDefaultsForWhatMetadataLeavesOut() throws IOException {
        write("partial", "prompt.txt", "x");
        write("partial", ".metadata.yaml", "description: only a description\n");

        TargetMetadata metadata = loader().load("partial").metadata();

        assertThat(metadata.description()).isEqualTo("only a description");
        assertThat(metadata.model()).isEqualTo(TargetMetadata.defaults().model());
        assertThat(metadata.outputFormat()).isEqualTo(TargetMetadata.OutputFormat.TEXT);
        assertThat(metadata.evaluators()).isEmpty();
    }

    @Test
    void namesTheExistingTargetsWhenOneIsUnknown() throws IOException {
        write("prep_generate", "prompt.txt", "x");
        write("analyze", "prompt.json", "[{\"role\": \"user\", \"content\": \"x\"}]");

        assertThatThrownBy(() -> loader().load("prep_genrate"))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith("Unknown target 'prep_genrate'")
                .hasMessageContaining("[analyze, prep_generate]")
                .hasMessageContaining("prompt.experiment.targets.dir");
    }

    @Test
    void rejectsAnUnknownOutputFormatNamingTheKeyAndTheAllowedValues() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", "output_format: xml\n");

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessage(metadata + ": 'output_format' is 'xml'; use one of [text, json]");
    }

    @Test
    void rejectsAnUnknownTemplateFormatNamingTheKeyAndTheAllowedValues() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", "template_format: jinja\n");

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessage(metadata + ": 'template_format' is 'jinja'; use one of [python, mustache]");
    }

    @Test
    void rejectsAnEvaluatorMinAboveOne() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", """
                evaluators:
                  - type: valid_json
                  - type: contains
                    min: 1.5
                """);

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessage(metadata + ": evaluators[1]: 'min' must be a number in 0..1 but is 1.5");
    }

    @Test
    void rejectsANegativeEvaluatorMin() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", """
                evaluators:
                  - type: contains
                    min: -0.1
                """);

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessage(metadata + ": evaluators[0]: 'min' must be a number in 0..1 but is -0.1");
    }

    @Test
    void rejectsAnEvaluatorWithoutType() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", """
                evaluators:
                  - min: 1.0
                """);

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith(metadata + ": evaluators[0] needs a 'type'");
    }

    @Test
    void takesAScalarEvaluatorArgAsASingleArgument() throws IOException {
        write("t", "prompt.txt", "x");
        write("t", ".metadata.yaml", """
                evaluators:
                  - type: regex
                    args: "^Q1: "
                """);

        assertThat(loader().load("t").metadata().evaluators().get(0).args()).containsExactly("^Q1: ");
    }

    @Test
    void rejectsAModelThatIsNotAMapping() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", "model: gpt-4o\n");

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith(metadata.toString())
                .hasMessageContaining("'model'");
    }

    @Test
    void reportsMalformedYamlWithLineAndColumn() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", """
                description: ok
                model:
                  name: [gpt-4o-mini
                output_format: json
                """);

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith(metadata + ": malformed YAML at line 4, column ");
    }

    @Test
    void reportsMalformedPromptJsonWithLineAndColumn() throws IOException {
        Path prompt = write("chat", "prompt.json", """
                [
                  {"role": "user", "content": "x"
                ]
                """);

        assertThatThrownBy(() -> loader().load("chat"))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith(prompt + ": malformed JSON at line 3, column ");
    }

    @Test
    void readsAnOutputSchemaMappingAndGivesItToJsonSchemaWithoutArguments() throws IOException {
        write("t", "prompt.txt", "x");
        write("t", ".metadata.yaml", """
                output_schema:
                  type: object
                  required: [category]
                evaluators:
                  - type: json_schema
                  - type: json_schema
                    args: "file=other.json"
                  - type: valid_json
                """);

        TargetMetadata metadata = loader().load("t").metadata();

        assertThat(metadata.outputSchema()).hasValueSatisfying(schema -> assertThat(schema.toString())
                .isEqualTo("{\"type\":\"object\",\"required\":[\"category\"]}"));
        assertThat(metadata.evaluators()).extracting(TargetMetadata.EvaluatorSpec::args).containsExactly(
                java.util.List.of("schema={\"type\":\"object\",\"required\":[\"category\"]}"),
                java.util.List.of("file=other.json"), java.util.List.of());
    }

    @Test
    void readsAnOutputSchemaFileNextToTheMetadata() throws IOException {
        write("t", "prompt.txt", "x");
        Path schema = write("t", "ticket.schema.json", "{\"required\": [\"category\"]}");
        write("t", ".metadata.yaml", """
                output_schema: ticket.schema.json
                evaluators:
                  - type: json_schema
                """);

        TargetMetadata metadata = loader().load("t").metadata();

        assertThat(metadata.outputSchema()).hasValueSatisfying(json -> assertThat(json.path("required").get(0).asText())
                .isEqualTo("category"));
        assertThat(metadata.evaluators().get(0).args()).containsExactly("file=" + schema);
    }

    @Test
    void hasNoOutputSchemaUnlessTheMetadataNamesOne() throws IOException {
        write("t", "prompt.txt", "x");
        write("t", ".metadata.yaml", "evaluators: [{type: json_schema}]\n");

        TargetMetadata metadata = loader().load("t").metadata();

        assertThat(metadata.outputSchema()).isEmpty();
        assertThat(metadata.evaluators().get(0).args()).isEmpty();
        assertThat(TargetMetadata.defaults().outputSchema()).isEmpty();
    }

    @Test
    void rejectsAnOutputSchemaFileThatIsMissingOrMalformed() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", "output_schema: ticket.schema.json\n");

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessage(metadata + ": 'output_schema' names " + metadata.resolveSibling("ticket.schema.json")
                        + ", which is no file; give the name of a JSON Schema file next to .metadata.yaml, or the "
                        + "schema itself as a mapping");

        Path schema = write("t", "ticket.schema.json", "{\"required\": [\"category\"}");

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith(schema + ": malformed JSON at line 1, column ");
    }

    @Test
    void rejectsAnOutputSchemaThatIsNeitherAMappingNorAFileName() throws IOException {
        write("t", "prompt.txt", "x");
        Path metadata = write("t", ".metadata.yaml", "output_schema: [category]\n");

        assertThatThrownBy(() -> loader().load("t"))
                .isInstanceOf(TargetException.class)
                .hasMessage(metadata + ": 'output_schema' must be a JSON Schema as a mapping, or the name of its JSON "
                        + "file next to .metadata.yaml, but is [\"category\"]; e.g. output_schema: ticket.schema.json");
    }

    @Test
    void aModelSectionSaysHowStructuredRepliesAreAskedFor() throws IOException {
        write("tool_judged", "prompt.txt", "Hi {name}");
        write("tool_judged", ".metadata.yaml", "judge: {name: llama3, structured_output: tool_call}\n");
        write("odd", "prompt.txt", "Hi {name}");
        write("odd", ".metadata.yaml", "judge: {name: llama3, structured_output: grammar}\n");

        assertThat(loader().load("tool_judged").metadata().judge().orElseThrow().structuredOutput())
                .isEqualTo(TargetMetadata.StructuredOutput.TOOL_CALL);
        assertThat(loader().load("tool_judged").metadata().model().structuredOutput())
                .isEqualTo(TargetMetadata.StructuredOutput.AUTO);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader().load("odd"))
                .hasMessageContaining(".metadata.yaml: 'judge.structured_output' is 'grammar'; use one of [auto, "
                        + "response_format, tool_call]");
    }

    @Test
    void readsTheToolsTheModelIsOfferedAndTheToolChoice() throws IOException {
        write("weather", "prompt.txt", "Weather in {city}?");
        write("weather", ".metadata.yaml", """
                tools:
                  - name: get_weather
                    description: The weather in a city today
                    parameters:
                      type: object
                      properties: {city: {type: string}, unit: {type: string, enum: [c, f]}}
                      required: [city]
                  - name: get_time
                tool_choice: required
                """);

        TargetMetadata metadata = loader().load("weather").metadata();

        assertThat(metadata.tools()).extracting(TargetMetadata.ToolSpec::name).containsExactly("get_weather", "get_time");
        assertThat(metadata.tools().get(0).description()).isEqualTo("The weather in a city today");
        assertThat(metadata.tools().get(0).parameters().path("required").get(0).asText()).isEqualTo("city");
        // A tool without parameters takes none: an object without properties.
        assertThat(metadata.tools().get(1).parameters().toString()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
        assertThat(metadata.toolChoice()).hasValue("required");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "tools: get_weather|'tools' must be a list of {name, description, parameters}",
            "tools: [{description: d}]|tools[0].name must be the tool's name, 1 to 64 letters, digits, '_' or '-', but is missing",
            "tools: [{name: 'get weather'}]|tools[0].name must be the tool's name",
            "tools: [{name: a}, {name: a}]|tools[1].name: a tool named 'a' is declared twice",
            "tools: [{name: a, parameters: {type: string}}]|tools[0].parameters.type must be 'object'",
            "tools: [{name: a, parameters: [city]}]|tools[0].parameters must be the JSON Schema of the arguments",
            "tools: [{name: a, parameters: {properties: {city: {type: string}}, required: [town]}}]|tools[0].parameters.required names \"town\", which is not one of its properties [city]",
            "tools: [{name: a, params: {}}]|tools[0] has an unknown field 'params'",
            "tool_choice: always|'tool_choice' is 'always'; use one of [auto, required, none]"})
    void rejectsAMalformedToolNamingTheFileAndField(String metadata, String message) throws IOException {
        write("bad_tools", "prompt.txt", "Hi");
        Path file = write("bad_tools", ".metadata.yaml", metadata + "\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader().load("bad_tools"))
                .isInstanceOf(TargetException.class).hasMessageStartingWith(file.toString())
                .hasMessageContaining(message);
    }
}
