package dev.junitprompt.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.junitprompt.backend.langfuse.LangfuseTargets;
import dev.junitprompt.target.TargetMetadata;
import dev.junitprompt.target.Template;

class PromptConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    @Test
    void onlyWhatTheMetadataStatesGoesIntoTheConfig() throws Exception {
        TargetMetadata defaults = TargetMetadata.defaults();

        assertThat(PromptConfig.fromMetadata(YAML.readTree("evaluators: []"), defaults)).isEqualTo(JSON.readTree("{}"));
    }

    @Test
    void theConfigIsFlatWithParametersInFileOrder() throws Exception {
        JsonNode yaml = YAML.readTree("""
                description: Plans
                model: {provider: OpenAI, name: gpt-4o, parameters: {top_p: 0.9, temperature: 0, stop: [END]}}
                output_format: json
                prompt_config: {supported_languages: [en], temperature: 1}
                """);
        TargetMetadata metadata = new TargetMetadata("Plans", new TargetMetadata.ModelSpec("openai", "gpt-4o",
                Map.of("top_p", 0.9, "temperature", 0, "stop", List.of("END"))), TargetMetadata.OutputFormat.JSON,
                Template.Syntax.PYTHON, List.of());

        ObjectNode config = PromptConfig.fromMetadata(yaml, metadata);

        assertThat(config).isEqualTo(JSON.readTree("""
                {"supported_languages": ["en"], "temperature": 0, "provider": "openai", "model": "gpt-4o",
                 "top_p": 0.9, "stop": ["END"], "description": "Plans", "output_format": "json"}"""));
        assertThat(iterable(config)).containsSubsequence("provider", "model", "top_p", "stop");
    }

    @Test
    void intoMetadataSetsWhatTheConfigHasAndKeepsEvaluatorsAndPrice() throws Exception {
        ObjectNode yaml = (ObjectNode) YAML.readTree("""
                description: old
                model: {provider: openai, name: old-model, parameters: {temperature: 1}, price: {input: 1, output: 2}}
                output_format: json
                evaluators: [{type: valid_json}]
                """);

        PromptConfig.intoMetadata(JSON.readTree("""
                {"model": "gpt-4o-mini", "max_tokens": 50, "output_format": "text", "tags": ["a"]}"""), yaml);

        assertThat(yaml).isEqualTo(YAML.readTree("""
                model: {name: gpt-4o-mini, parameters: {max_tokens: 50}, price: {input: 1, output: 2}}
                output_format: text
                evaluators: [{type: valid_json}]
                prompt_config: {tags: [a]}
                """));
    }

    @Test
    void modelSpecReadsTheModelAndKnownParameters() throws Exception {
        TargetMetadata.ModelSpec spec = LangfuseTargets.modelSpec(JSON.readTree("""
                {"provider": "Anthropic", "model": "claude-x", "temperature": 0.5, "supported_languages": ["en"]}"""));

        assertThat(spec).isEqualTo(new TargetMetadata.ModelSpec("anthropic", "claude-x", Map.of("temperature", 0.5)));
        assertThat(LangfuseTargets.modelSpec(null)).isEqualTo(TargetMetadata.defaults().model());
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }
}
