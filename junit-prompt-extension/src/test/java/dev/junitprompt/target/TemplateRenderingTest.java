package dev.junitprompt.target;

import static dev.junitprompt.target.TemplatePythonSyntaxTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TemplateRenderingTest {

    @Test
    void writesStringsWithoutQuotes() {
        assertThat(render("{x}", "{\"x\": \"say \\\"hi\\\"\"}")).isEqualTo("say \"hi\"");
    }

    @Test
    void writesNumbersAndBooleansAsJson() {
        assertThat(render("{i} {d} {b}", "{\"i\": 3, \"d\": 2.5, \"b\": true}")).isEqualTo("3 2.5 true");
    }

    @Test
    void writesNullAsJsonNull() {
        assertThat(render("[{x}]", "{\"x\": null}")).isEqualTo("[null]");
    }

    @Test
    void writesObjectsAndArraysAsCompactJson() {
        assertThat(render("{o} {a}", "{\"o\": {\"k\": 1}, \"a\": [1, \"two\"]}")).isEqualTo("{\"k\":1} [1,\"two\"]");
    }

    @Test
    void rendersTextWithoutPlaceholdersAsItIs() {
        assertThat(render("no placeholders", "{}")).isEqualTo("no placeholders");
    }

    @Test
    void namesAMissingVariableAndTheAvailableOnes() {
        assertThatThrownBy(() -> render("{job_title}", "{\"role\": \"x\", \"weeks\": 4}"))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.variable()).isEqualTo("job_title");
                    assertThat(e.origin()).isEqualTo("prompt.txt");
                })
                .hasMessage("Template prompt.txt uses {job_title} but there is no variable 'job_title' "
                        + "(available variables: role, weeks); add 'job_title' to the item's inputs or correct "
                        + "the placeholder");
    }

    @Test
    void namesAMissingFieldAndTheFieldsThere() {
        assertThatThrownBy(() -> render("{candidate.name}", "{\"candidate\": {\"age\": 30, \"title\": \"SRE\"}}"))
                .isInstanceOfSatisfying(TemplateException.class,
                        e -> assertThat(e.variable()).isEqualTo("candidate.name"))
                .hasMessageEndingWith("'candidate' has no field 'name'; its fields are: age, title");
    }

    @Test
    void explainsAnIndexOutOfRange() {
        assertThatThrownBy(() -> render("{data.items[5]}", "{\"data\": {\"items\": [1, 2]}}"))
                .hasMessageEndingWith("'data.items' has 2 elements, so [5] is out of range");
    }

    @Test
    void explainsAKeyUsedOnAnArray() {
        assertThatThrownBy(() -> render("{items[first]}", "{\"items\": [1]}"))
                .hasMessageEndingWith("'items' is an array, so 'first' must be an element number such as items[0]");
    }

    @Test
    void explainsAFieldOfAPlainValue() {
        assertThatThrownBy(() -> render("{name.first}", "{\"name\": \"Ada\"}"))
                .hasMessageEndingWith("'name' is a string (\"Ada\"), not an object or array");
    }

    @Test
    void explainsInputsThatAreNotAnObject() {
        assertThatThrownBy(() -> render("{x}", "[1, 2]"))
                .hasMessageContaining("the inputs are a JSON array, not an object of named values");
    }

    private static String render(String template, String variables) {
        return Template.parse(template, Template.Syntax.PYTHON, "prompt.txt").render(json(variables));
    }
}
