package dev.junitprompt.target;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.junitprompt.testing.Fuzz;
import dev.junitprompt.testing.Generator;

/**
 * Any .metadata.yaml, prompt.txt or prompt.json loads, or fails naming its file; any template parses and renders any
 * item's inputs, or fails naming where it came from (see {@link Fuzz}).
 */
class TargetFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METADATA_FIELDS = List.of("description", "model", "provider", "name",
            "parameters", "temperature", "max_tokens", "price", "input", "output", "output_format", "template_format",
            "evaluators", "type", "min", "args", "judge", "output_schema", "openai", "json", "text", "mustache",
            "python", "valid_json", "json_schema", "contains", "properties", "required", "$ref", "enum");
    private static final List<String> TEMPLATE_FIELDS = List.of("job_title", "weeks", "focus_areas", "a", "b", "0",
            "role", "content", "system", "user", "assistant");
    private static final String METADATA = Fuzz.read("../targets/prep_generate/.metadata.yaml");
    private static final String SCHEMA_METADATA = """
            model: {provider: openai, name: gpt-4o-mini, parameters: {temperature: 0}, price: {input: 0.15, output: 0.6}}
            judge: {name: gpt-4o, parameters: {temperature: 0}}
            output_format: json
            template_format: mustache
            output_schema:
              type: object
              required: [weeks]
              properties: {weeks: {type: integer}}
            evaluators:
              - type: json_schema
              - {type: contains, args: [plan], min: 0.5}
            """;
    private static final String PROMPT = Fuzz.read("../targets/prep_generate/prompt.txt");
    private static final String CHAT = """
            [{"role": "system", "content": "You coach {{job_title}} candidates."},
             {"role": "user", "content": "Plan {{weeks}} weeks on {{#focus_areas}}{{.}}, {{/focus_areas}}."}]""";
    private static final String INPUTS = """
            {"job_title": "Engineer", "weeks": 4, "focus_areas": ["a", "b"], "a": {"b": [1, {"c": null}]}}""";

    private static final Generator<byte[]> METADATA_FILES = Fuzz.files(List.of(METADATA, SCHEMA_METADATA),
            METADATA_FIELDS);
    private static final Generator<byte[]> PROMPTS = Fuzz.files(List.of(PROMPT, CHAT), TEMPLATE_FIELDS);
    private static final Generator<String> TEMPLATES = Fuzz.texts(List.of(PROMPT,
            "Hi {{name}}{{#items}} {{.}}{{/items}}{{^none}}!{{/none}}", "{a.b[1].c} {{ {job_title} }}"),
            TEMPLATE_FIELDS);
    private static final Generator<String> TEMPLATE_INPUTS = Fuzz.texts(List.of(INPUTS), TEMPLATE_FIELDS);

    private final Path targets = Fuzz.folder("targets");

    @Test
    void anyMetadataYaml() {
        Fuzz.forAll(METADATA_FILES, file -> {
            Fuzz.write(targets.resolve("meta/prompt.txt"), "Plan for {job_title}".getBytes(StandardCharsets.UTF_8));
            Fuzz.write(targets.resolve("meta/.metadata.yaml"), file);
            Fuzz.holdsContract(".metadata.yaml", () -> new TargetLoader(targets).load("meta"),
                    TargetException.class);
        });
    }

    @Test
    void anyPromptTxt() {
        Fuzz.forAll(inputs -> {
            byte[] file = inputs.draw(PROMPTS);
            boolean mustache = inputs.draw(Generator.booleans());
            Fuzz.write(targets.resolve("text/.metadata.yaml"),
                    ("template_format: " + (mustache ? "mustache" : "python")).getBytes(StandardCharsets.UTF_8));
            Fuzz.write(targets.resolve("text/prompt.txt"), file);
            Fuzz.holdsContract("prompt.txt", () -> new TargetLoader(targets).load("text"), TargetException.class,
                    TemplateException.class);
        });
    }

    @Test
    void anyPromptJson() {
        Fuzz.forAll(PROMPTS, file -> {
            Fuzz.write(targets.resolve("chat/.metadata.yaml"),
                    "template_format: mustache".getBytes(StandardCharsets.UTF_8));
            Fuzz.write(targets.resolve("chat/prompt.json"), file);
            Fuzz.holdsContract("prompt.json", () -> new TargetLoader(targets).load("chat"), TargetException.class,
                    TemplateException.class);
        });
    }

    @Test
    void anyTemplateRendersAnyInputs() {
        Fuzz.forAll(inputs -> {
            String text = inputs.draw(TEMPLATES);
            String values = inputs.draw(TEMPLATE_INPUTS);
            Template.Syntax syntax = inputs.draw(Generator.of(Template.Syntax.class));
            Template template = Fuzz.holdsContract("fuzzed.txt", () -> Template.parse(text, syntax, "fuzzed.txt"),
                    TemplateException.class);
            JsonNode variables;
            try {
                variables = JSON.readTree(values);
            } catch (java.io.IOException notJson) {
                return;
            }
            if (template != null && variables != null) {
                Fuzz.holdsContract("fuzzed.txt", () -> template.render(variables), TemplateException.class);
            }
        });
    }
}
