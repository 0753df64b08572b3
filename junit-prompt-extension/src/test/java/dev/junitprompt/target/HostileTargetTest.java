package dev.junitprompt.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Target files that used to throw bare exceptions, each refused naming the file and what to do. */
class HostileTargetTest {

    @TempDir
    Path targets;

    private void write(String target, String file, String text) throws IOException {
        Path path = targets.resolve(target).resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    @Test
    void aParameterWithoutAValueIsNamed() throws IOException {
        write("t", "prompt.txt", "Hi {name}");
        write("t", ".metadata.yaml", "model:\n  name: gpt-4o-mini\n  parameters:\n    temperature:\n");

        assertThatThrownBy(() -> new TargetLoader(targets).load("t")).isInstanceOf(TargetException.class)
                .hasMessageContaining(".metadata.yaml: 'model.parameters.temperature' has no value");
    }

    @Test
    void yamlNestedPastTheParsersLimitNamesTheFile() throws IOException {
        write("t", "prompt.txt", "Hi");
        write("t", ".metadata.yaml", "a: " + "[".repeat(1100) + "]".repeat(1100) + "\n");

        assertThatThrownBy(() -> new TargetLoader(targets).load("t")).isInstanceOf(TargetException.class)
                .hasMessageContaining(".metadata.yaml: malformed YAML");
    }

    @Test
    void anEmptyPromptOrMessageIsRefusedAndAnEmptyTemplateStillRenders() throws IOException {
        write("empty", "prompt.txt", "");
        write("chat", "prompt.json", "[{\"role\": \"user\", \"content\": \"\"}]");

        assertThatThrownBy(() -> new TargetLoader(targets).load("empty")).hasMessageContaining("prompt.txt is empty");
        assertThatThrownBy(() -> new TargetLoader(targets).load("chat"))
                .hasMessageContaining("message #1 needs a \"content\" string that is not empty");
        assertThat(Template.parse("", Template.Syntax.PYTHON, "x").render(JsonNodeFactory.instance.objectNode()))
                .isEmpty();
    }

    @Test
    void aTargetNameThatLeadsOutIsRefused() {
        assertThatThrownBy(() -> new TargetLoader(targets).load("../../etc")).isInstanceOf(TargetException.class)
                .hasMessageContaining("The target '../../etc' is not a folder of");
    }
}
