package dev.junitprompt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.dataset.LocalDatasetSource;
import dev.junitprompt.internal.ProjectFiles;
import dev.junitprompt.target.Template;

class PythonToMustacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "Hello {name}!                 | Hello {{name}}!",
            "{a}{b}                        | {{a}}{{b}}",
            "{candidate.name}              | {{candidate.name}}",
            "{items[0]} and {a[key].b[2]}  | {{items.0}} and {{a.key.b.2}}",
            "{snake_case} {kebab-case}     | {{snake_case}} {{kebab-case}}",
            "{{\"week\": {week}}}          | {\"week\": {{week}}}",
            "{{ }} {{}} }}{{               | { } {} }{",
            "{{\"a\": {{\"b\": 1}}}}       | {\"a\": {\"b\": 1}}",
            "{name}}}                      | {{name}}}",
            "no placeholders at all        | no placeholders at all",
            "''                            | ''",
    })
    void convertsPlaceholdersAndUnescapesBraces(String python, String mustache) {
        assertThat(PythonToMustache.convert(python, "t")).isEqualTo(mustache);
    }

    @Test
    void keepsWhitespaceAndLinesAsTheyAre() {
        String python = "Line one {a}\r\n\n  indented {{\n\t{b.c}\n";

        assertThat(PythonToMustache.convert(python, "t")).isEqualTo("Line one {{a}}\r\n\n  indented {\n\t{{b.c}}\n");
    }

    @Test
    void rendersToTheSameTextAsThePythonTemplate() throws Exception {
        JsonNode inputs = JSON.readTree("""
                {"name": "Ada", "n": 3, "flag": true, "list": ["x", "y"], "obj": {"k": {"deep": "v"}, "arr": [1, 2]},
                 "none": null}""");
        String python = "{{Hi}} {name}: {n} {flag} {list} {list[1]} {obj} {obj.k.deep} {obj[arr][0]} {none} }}{{";

        String mustache = PythonToMustache.convert(python, "t");

        assertThat(Template.parse(mustache, Template.Syntax.MUSTACHE, "t").render(inputs))
                .isEqualTo(Template.parse(python, Template.Syntax.PYTHON, "t").render(inputs))
                .isEqualTo("{Hi} Ada: 3 true [\"x\",\"y\"] y {\"k\":{\"deep\":\"v\"},\"arr\":[1,2]} v 1 null }{");
    }

    /** The repository's own targets, rendered for every item of the dataset of the same name. */
    @ParameterizedTest
    @ValueSource(strings = {"prep_generate", "prep_output_analyze", "prep_output_questions"})
    void theRepositorysTargetsRenderTheSameAfterConversion(String name) throws Exception {
        Path file = Path.of("../targets", name, "prompt.txt");
        String python = ProjectFiles.read(file);
        Template original = Template.parse(python, Template.Syntax.PYTHON, file.toString());
        Template converted = Template.parse(PythonToMustache.convert(python, file.toString()),
                Template.Syntax.MUSTACHE, file.toString());

        List<DatasetItem> items = new LocalDatasetSource(Path.of("../datasets")).load(name).items();

        assertThat(items).isNotEmpty();
        for (DatasetItem item : items) {
            assertThat(converted.render(item.inputs())).as(item.id()).isEqualTo(original.render(item.inputs()));
        }
        assertThat(converted.variables()).isEqualTo(original.variables());
    }

    @Test
    void aLiteralDoubleBraceCannotBeWrittenForLangfuse() {
        assertThatThrownBy(() -> PythonToMustache.convert("ok\n  x {{{{ y", "targets/t/prompt.txt"))
                .isInstanceOf(SyncException.class)
                .hasMessage("Cannot write targets/t/prompt.txt as a Langfuse prompt: at line 2, column 5 the literal "
                        + "text '{{' (written '{{{{') would start a variable in Langfuse, which has no escape for "
                        + "braces; put a space between the two braces");
    }

    @Test
    void aLiteralBraceRightBeforeAPlaceholderCannotBeWrittenForLangfuse() {
        assertThatThrownBy(() -> PythonToMustache.convert("JSON: {{{name}}}", "t"))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("at line 1, column 7 a literal '{' right before the placeholder {name}")
                .hasMessageContaining("put a space between the brace and the placeholder");
        assertThat(PythonToMustache.convert("JSON: {{ {name}}}", "t")).isEqualTo("JSON: { {{name}}}");
    }

    @Test
    void aKeyThatIsNotANameCannotBeWrittenForLangfuse() {
        assertThatThrownBy(() -> PythonToMustache.convert("{a[two words]}", "t"))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("the placeholder {a[two words]} reads the key 'two words'");
    }

    @Test
    void anInvalidPythonTemplateIsReportedWithTheTemplatesOwnMessage() {
        assertThatThrownBy(() -> PythonToMustache.convert("Hello {name", "targets/t/prompt.txt"))
                .isInstanceOf(SyncException.class)
                .hasMessageStartingWith("Invalid template targets/t/prompt.txt at line 1, column 7");
        assertThatThrownBy(() -> PythonToMustache.convert("{n:>3}", "t"))
                .isInstanceOf(SyncException.class).hasMessageContaining("format spec");
    }
}
