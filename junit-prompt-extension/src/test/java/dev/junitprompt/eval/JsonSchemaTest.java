package dev.junitprompt.eval;

import static dev.junitprompt.eval.Results.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.Score;
import dev.junitprompt.target.TargetLoader;
import dev.junitprompt.target.TargetMetadata;

class JsonSchemaTest {

    private static final String TICKET_SCHEMA = """
            {
              "type": "object",
              "required": ["category", "priority"],
              "properties": {
                "category": {"enum": ["billing", "shipping"]},
                "priority": {"type": "integer", "minimum": 1, "maximum": 3},
                "tags": {"type": "array", "items": {"type": "string"}}
              }
            }""";

    @TempDir
    Path dir;

    @Test
    void passesForValidOutput() {
        Score score = Evaluators.jsonSchema(TICKET_SCHEMA).evaluate(output("{\"category\": \"billing\", \"priority\": 2}"));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.type()).isEqualTo(Score.Type.BOOLEAN);
        assertThat(score.name()).isEqualTo("json_schema");
        assertThat(score.comment()).isEmpty();
    }

    @Test
    void failsListingEachErrorWithItsPathMessageAndKeyword() {
        Score score = Evaluators.jsonSchema(TICKET_SCHEMA)
                .evaluate(output("{\"category\": \"refund\", \"priority\": 5, \"tags\": [\"a\", 7]}"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).isEqualTo("""
                3 errors against the inline schema:
                /category: does not have a value in the enumeration ["billing", "shipping"] (enum)
                /priority: must have a maximum value of 3 (maximum)
                /tags/1: integer found, string expected (type)""");
        assertThat(score.metadata().get("errors")).isEqualTo(List.of(
                Map.of("path", "/category", "keyword", "enum",
                        "message", "does not have a value in the enumeration [\"billing\", \"shipping\"]"),
                Map.of("path", "/priority", "keyword", "maximum", "message", "must have a maximum value of 3"),
                Map.of("path", "/tags/1", "keyword", "type", "message", "integer found, string expected")));
    }

    @Test
    void namesTheRootForAMissingRequiredField() {
        Score score = Evaluators.jsonSchema(TICKET_SCHEMA).evaluate(output("{\"category\": \"billing\"}"));

        assertThat(score.comment()).isEqualTo("1 error against the inline schema:\n"
                + "(root): required property 'priority' not found (required)");
    }

    @Test
    void failsForOutputThatIsNotJson() {
        Score score = Evaluators.jsonSchema(TICKET_SCHEMA).evaluate(output("Category: billing"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).startsWith("Output of item 'case-001' is not valid JSON");
    }

    @Test
    void toleratesAMarkdownFence() {
        assertThat(Evaluators.jsonSchema(TICKET_SCHEMA)
                .evaluate(output("```json\n{\"category\": \"shipping\", \"priority\": 1}\n```")).value()).isEqualTo(1.0);
    }

    @Test
    void assertsFormats() {
        Score score = Evaluators.jsonSchema("{\"properties\": {\"due\": {\"type\": \"string\", \"format\": \"date\"}}}")
                .evaluate(output("{\"due\": \"2025-13-45\"}"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).contains("/due: ").endsWith("(format)");
    }

    @Test
    void followsTheDraftTheSchemaNames() {
        String draft4 = "{\"$schema\": \"http://json-schema.org/draft-04/schema#\", "
                + "\"properties\": {\"n\": {\"type\": \"number\", \"maximum\": 3, \"exclusiveMaximum\": true}}}";

        assertThat(Evaluators.jsonSchema(draft4).evaluate(output("{\"n\": 3}")).value()).isZero();
        assertThat(Evaluators.jsonSchema(draft4).evaluate(output("{\"n\": 2.5}")).value()).isEqualTo(1.0);
    }

    @Test
    void readsTheSchemaFromAFileAndResolvesRelativeRefsNextToIt() throws IOException {
        Files.writeString(dir.resolve("category.json"), "{\"enum\": [\"billing\", \"shipping\"]}");
        Path file = Files.writeString(dir.resolve("ticket.json"),
                "{\"properties\": {\"category\": {\"$ref\": \"category.json\"}}}");

        JsonSchema evaluator = Evaluators.jsonSchema(file);
        Score score = evaluator.evaluate(output("{\"category\": \"refund\"}"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).startsWith("1 error against schema file " + file + ":\n/category: ");
        assertThat(evaluator.evaluate(output("{\"category\": \"billing\"}")).value()).isEqualTo(1.0);
    }

    @Test
    void isFoundByNameWithAnInlineSchemaOrAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ticket.json"), TICKET_SCHEMA);

        Evaluator inline = Evaluators.byName("json_schema", List.of("schema={\"required\": [\"category\"]}"));
        Evaluator fromFile = Evaluators.byName("json_schema", List.of("file=" + file));

        assertThat(inline.evaluate(output("{}")).value()).isZero();
        assertThat(fromFile.evaluate(output("{\"category\": \"billing\", \"priority\": 3}")).value()).isEqualTo(1.0);
        assertThat(Evaluators.instantiate(JsonSchema.class, new String[] {"file=" + file})).isInstanceOf(JsonSchema.class);
    }

    @Test
    void validatesAgainstTheTargetsOutputSchemaWhenNamedWithoutArguments() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("triage"));
        Files.writeString(folder.resolve("prompt.txt"), "Triage: {ticket}");
        Files.writeString(folder.resolve("ticket.schema.json"), TICKET_SCHEMA);
        Files.writeString(folder.resolve(".metadata.yaml"), """
                output_format: json
                output_schema: ticket.schema.json
                evaluators:
                  - type: json_schema
                    min: 1.0
                """);

        TargetMetadata.EvaluatorSpec spec = new TargetLoader(dir).load("triage").metadata().evaluators().get(0);
        Score score = Evaluators.byName(spec.type(), spec.args()).evaluate(output("{\"category\": \"refund\", \"priority\": 1}"));

        assertThat(score.value()).isZero();
        assertThat(score.comment()).startsWith("1 error against schema file " + folder.resolve("ticket.schema.json"));
    }

    @Test
    void refusesASchemaThatIsNotJsonNamingTheFileAndWhere() throws IOException {
        Path file = Files.writeString(dir.resolve("ticket.json"), "{\n  \"type\": \"object\",\n  \"required\": [\"a\",]\n}");

        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.jsonSchema(file))
                .withMessageStartingWith("Evaluator 'json_schema': schema file " + file + " is not JSON (")
                .withMessageEndingWith(" at line 3, column 20)");
    }

    @Test
    void refusesASchemaItsDraftDoesNotAllowNamingWhere() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Evaluators.jsonSchema("{\"properties\": {\"category\": {\"enum\": \"billing\"}}}"))
                .withMessage("Evaluator 'json_schema': the inline schema is not a valid JSON Schema "
                        + "(https://json-schema.org/draft/2020-12/schema):\n"
                        + "/properties/category/enum: string found, array expected (type)");
    }

    @Test
    void refusesWhatIsNoSchemaAndADraftItDoesNotKnow() {
        assertThatIllegalArgumentException().isThrownBy(() -> Evaluators.jsonSchema("[1, 2]"))
                .withMessageStartingWith("Evaluator 'json_schema': the inline schema is not a JSON Schema: a schema is "
                        + "a JSON object (or true or false) but this is [1,2]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Evaluators.jsonSchema("{\"$schema\": \"https://example.com/my-draft\"}"))
                .withMessageStartingWith("Evaluator 'json_schema': the inline schema has $schema "
                        + "\"https://example.com/my-draft\", which names no draft it knows; use one of [");
    }

    @Test
    void refusesARefItCannotLoadSayingThatNothingIsFetched() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Evaluators.jsonSchema("{\"properties\": {\"a\": {\"$ref\": \"https://example.com/a.json\"}}}"))
                .withMessageStartingWith("Evaluator 'json_schema': the inline schema cannot be used: ")
                .withMessageContaining("https://example.com/a.json")
                .withMessageEndingWith("(a $ref may name a file, relative to the schema's; nothing is fetched from the "
                        + "network)");
    }

    @Test
    void refusesAMissingFileSayingWhereItLooked() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JsonSchema("file=schemas/none.json"))
                .withMessage("Evaluator 'json_schema': schema file schemas/none.json does not exist (looked for "
                        + Path.of("schemas/none.json").toAbsolutePath() + "; relative paths start from the working "
                        + "directory)");
    }

    @Test
    void needsExactlyOneSchema() {
        assertThatIllegalArgumentException().isThrownBy(JsonSchema::new)
                .withMessage("Evaluator 'json_schema' takes exactly one argument, its schema (schema=<JSON> or "
                        + "file=<path>; in a target's .metadata.yaml, none for the target's output_schema), but got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new JsonSchema("ticket.json"))
                .withMessage("Evaluator 'json_schema' does not understand the argument 'ticket.json'; "
                        + "it accepts schema=..., file=...");
    }
}
