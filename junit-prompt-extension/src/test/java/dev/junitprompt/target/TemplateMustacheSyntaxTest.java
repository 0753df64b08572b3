package dev.junitprompt.target;

import static dev.junitprompt.target.TemplatePythonSyntaxTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TemplateMustacheSyntaxTest {

    @Test
    void fillsVariablesWithOrWithoutSpaces() {
        assertThat(parse("{{role}} at {{ company }}").render(json("{\"role\": \"SRE\", \"company\": \"Acme\"}")))
                .isEqualTo("SRE at Acme");
    }

    @Test
    void reachesIntoObjectsAndArraysWithDots() {
        assertThat(parse("{{candidate.name}}: {{skills.1}}")
                .render(json("{\"candidate\": {\"name\": \"Ada\"}, \"skills\": [\"Go\", \"SQL\"]}")))
                .isEqualTo("Ada: SQL");
    }

    @Test
    void keepsSingleBracesAsText() {
        assertThat(parse("{\"role\": \"{{role}}\", \"tags\": {}}").render(json("{\"role\": \"SRE\"}")))
                .isEqualTo("{\"role\": \"SRE\", \"tags\": {}}");
    }

    @Test
    void listsVariablesInOrderOfFirstAppearance() {
        assertThat(parse("{{b}} {{ a.x }} {{b}}").variables()).containsExactly("b", "a");
    }

    @Test
    void rejectsAnUnclosedVariableWithItsPosition() {
        assertThatThrownBy(() -> parse("line one\n  {{role"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Invalid template langfuse:prompt at line 2, column 3: '{{' is never closed; "
                        + "end the variable with '}}'");
    }

    @Test
    void rejectsSections() {
        assertThatThrownBy(() -> parse("{{#items}}x{{/items}}"))
                .hasMessageContaining("{{#items}} is a Mustache section, which is not supported");
    }

    @Test
    void rejectsTripleMustaches() {
        assertThatThrownBy(() -> parse("{{{html}}}")).hasMessageContaining("unescaped variable");
    }

    @Test
    void rejectsAnEmptyVariable() {
        assertThatThrownBy(() -> parse("{{ }}")).hasMessageContaining("empty variable {{ }}");
    }

    @Test
    void rejectsNamesWithSpaces() {
        assertThatThrownBy(() -> parse("{{ job title }}"))
                .hasMessageContaining("invalid variable {{ job title }}; names are letters, digits, '_' and '-'");
    }

    private static Template parse(String text) {
        return Template.parse(text, Template.Syntax.MUSTACHE, "langfuse:prompt");
    }
}
