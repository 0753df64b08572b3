package dev.junitprompt.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class TemplatePythonSyntaxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fillsNamedPlaceholders() {
        Template template = parse("Role: {job_title}, {weeks} weeks");

        assertThat(template.render(json("{\"job_title\": \"Backend engineer\", \"weeks\": 4}")))
                .isEqualTo("Role: Backend engineer, 4 weeks");
    }

    @Test
    void reachesIntoObjectsWithDots() {
        assertThat(parse("Hi {candidate.name}").render(json("{\"candidate\": {\"name\": \"Ada\"}}")))
                .isEqualTo("Hi Ada");
    }

    @Test
    void reachesIntoArraysAndObjectsWithBrackets() {
        Template template = parse("{items[1]} / {data[level]}");

        assertThat(template.render(json("{\"items\": [\"a\", \"b\"], \"data\": {\"level\": \"senior\"}}")))
                .isEqualTo("b / senior");
    }

    @Test
    void doubledBracesAreLiteralBraces() {
        assertThat(parse("{{\"weeks\": {weeks}}}").render(json("{\"weeks\": 4}"))).isEqualTo("{\"weeks\": 4}");
    }

    @Test
    void listsVariablesInOrderOfFirstAppearance() {
        assertThat(parse("{b} {a.x} {b} {c[0]}").variables()).containsExactly("b", "a", "c");
    }

    @Test
    void rejectsASingleClosingBraceWithItsPosition() {
        assertThatThrownBy(() -> parse("first line\nsee } here"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Invalid template prompt.txt at line 2, column 5: single '}' encountered; "
                        + "write a literal '}' as '}}'");
    }

    @Test
    void rejectsAnUnclosedPlaceholder() {
        assertThatThrownBy(() -> parse("Hello {name"))
                .hasMessageContaining("line 1, column 7")
                .hasMessageContaining("'{' is never closed");
    }

    @Test
    void rejectsAnEmptyPlaceholder() {
        assertThatThrownBy(() -> parse("Hello {}"))
                .hasMessageContaining("placeholder {} has no name; only named placeholders");
    }

    @Test
    void rejectsPositionalPlaceholders() {
        assertThatThrownBy(() -> parse("Hello {0}"))
                .hasMessageContaining("placeholder {0} is positional; only named placeholders");
    }

    @Test
    void rejectsConversionsNamingThePlaceholder() {
        assertThatThrownBy(() -> parse("Hello {name!r}"))
                .hasMessageContaining("placeholder {name!r} uses a conversion, which is not supported; write {name}");
    }

    @Test
    void rejectsFormatSpecsNamingThePlaceholder() {
        assertThatThrownBy(() -> parse("Total: {amount:>10}"))
                .hasMessageContaining("placeholder {amount:>10} uses a format spec, which is not supported");
    }

    @Test
    void explainsHowToWriteLiteralJson() {
        assertThatThrownBy(() -> parse("Answer as {\"role\": \"...\"}"))
                .hasMessageContaining("unexpected '\"' in placeholder {\"role\": \"...\"}")
                .hasMessageContaining("To write a literal '{', double it: '{{'");
    }

    @Test
    void rejectsAnEmptyIndex() {
        assertThatThrownBy(() -> parse("{items[]}")).hasMessageContaining("placeholder {items[]} has an empty index");
    }

    @Test
    void syntaxErrorsCarryTheOriginButNoVariable() {
        assertThatThrownBy(() -> parse("}"))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.origin()).isEqualTo("prompt.txt");
                    assertThat(e.variable()).isNull();
                });
    }

    private static Template parse(String text) {
        return Template.parse(text, Template.Syntax.PYTHON, "prompt.txt");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
