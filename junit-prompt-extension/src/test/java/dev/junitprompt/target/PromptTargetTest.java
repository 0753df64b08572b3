package dev.junitprompt.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.junitprompt.api.DatasetItem;

class PromptTargetTest {

    private static PromptTarget target(String... userAndSystem) {
        return new PromptTarget("prep_generate", "targets/prep_generate/prompt.json", List.of(
                new PromptTarget.MessageTemplate("system",
                        Template.parse(userAndSystem[0], Template.Syntax.PYTHON, "system")),
                new PromptTarget.MessageTemplate("user",
                        Template.parse(userAndSystem[1], Template.Syntax.PYTHON, "user"))),
                TargetMetadata.defaults());
    }

    private static DatasetItem item(String id, String name, String value) {
        ObjectNode inputs = JsonNodeFactory.instance.objectNode().put(name, value);
        return new DatasetItem("interviews", id, "", inputs, null, null);
    }

    @Test
    void rendersEveryMessageWithItsRole() {
        List<PromptMessage> messages = target("You coach {job_title}s.", "Help a {job_title}.")
                .render(item("case-001", "job_title", "SRE"));

        assertThat(messages).containsExactly(
                new PromptMessage("system", "You coach SREs."),
                new PromptMessage("user", "Help a SRE."));
    }

    @Test
    void namesTheMissingVariableTheItemAndTheTarget() {
        PromptTarget target = target("You coach.", "Plan for {job_title}.");

        assertThatThrownBy(() -> target.render(item("case-007", "role", "SRE")))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith("Cannot fill target 'prep_generate' for item 'case-007' of dataset 'interviews': ")
                .hasMessageContaining("{job_title}")
                .hasMessageContaining("'job_title'")
                .hasCauseInstanceOf(TemplateException.class)
                .cause().satisfies(cause -> assertThat(((TemplateException) cause).variable()).isEqualTo("job_title"));
    }
}
