package dev.junitprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTextTest {

    @Test
    void fencesContentWithMoreBackticksThanAnyRunInside() {
        assertThat(MarkdownText.fence("plain", "")).isEqualTo("```\nplain\n```\n");
        assertThat(MarkdownText.fence("```json\n{}\n```", "")).isEqualTo("````\n```json\n{}\n```\n````\n");
        assertThat(MarkdownText.fence("a ````` b", "json")).startsWith("``````json\n").endsWith("\n``````\n");
    }

    @Test
    void aTableCellStaysOneCellOnOneLine() {
        assertThat(MarkdownText.cell("a | b\nc\r\nd")).isEqualTo("a \\| b c d");
        assertThat(MarkdownText.cell("C:\\dir\\|x")).isEqualTo("C:\\\\dir\\\\\\|x");
    }

    @Test
    void noLineOfInlineTextOpensAFenceHeadingQuoteOrHtml() {
        assertThat(MarkdownText.inline("# title\n```\n  ~~~\n> quote\n<script>x</script>"))
                .isEqualTo("\\# title\n\\```\n  \\~~~\n\\> quote\n&lt;script>x&lt;/script>");
    }

    @Test
    void aHeadingIsOneLine() {
        assertThat(MarkdownText.heading("case-1 · two\n# lines")).isEqualTo("case-1 · two # lines");
    }

    @Test
    void anInlineCodeSpanIsDelimitedByMoreBackticksThanItHolds() {
        assertThat(MarkdownText.code("prep")).isEqualTo("`prep`");
        assertThat(MarkdownText.code("a``b")).isEqualTo("```a``b```");
        assertThat(MarkdownText.code("`x")).isEqualTo("`` `x ``");
    }
}
