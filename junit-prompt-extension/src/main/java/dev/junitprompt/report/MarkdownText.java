package dev.junitprompt.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from datasets, models and evaluators made safe to put into Markdown: whatever it holds (backtick
 * fences, {@code |}, newlines, a leading {@code #}, HTML), the document around it keeps its structure.
 */
final class MarkdownText {

    private static final Pattern BACKTICKS = Pattern.compile("`+");
    /** A {@code <} that Markdown would read as the start of HTML (a tag, a comment); {@code 1 < 2} is left alone. */
    private static final Pattern HTML_START = Pattern.compile("<(?=[A-Za-z/!?])");
    /** What opens a block when it starts a line: a fence, a heading, a quote, an HTML block. */
    private static final Pattern BLOCK_START = Pattern.compile("(?m)^([ \\t]*)(```|~~~|#|>)");

    private MarkdownText() {
    }

    /**
     * Text inside a paragraph or list item, its own line breaks kept: no line of it opens a fence, a heading
     * or a quote, and a {@code <} that would open a tag is an entity, so no HTML of it is read as markup.
     */
    static String inline(String text) {
        String escaped = HTML_START.matcher(text).replaceAll("&lt;");
        return BLOCK_START.matcher(escaped).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + "\\"
                + match.group(2)));
    }

    /** One table cell: on one line, {@code |} escaped (and {@code \\}, so a backslash before it stays one). */
    static String cell(String text) {
        return inline(oneLine(text.replace("\\", "\\\\"))).replace("|", "\\|");
    }

    /** A heading's text: on one line. */
    static String heading(String text) {
        return inline(oneLine(text));
    }

    /** An inline code span: delimited by more backticks than any run inside it, on one line. */
    static String code(String text) {
        String line = oneLine(text);
        String ticks = "`".repeat(longestBacktickRun(line) + 1);
        // A span that starts or ends with a backtick needs a space between it and the delimiter.
        String pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
        return ticks + pad + line + pad + ticks;
    }

    /**
     * A fenced code block holding {@code content} as it is: its fence is longer than any run of backticks
     * inside, so nothing in it closes the block early.
     */
    static String fence(String content, String info) {
        String ticks = "`".repeat(Math.max(3, longestBacktickRun(content) + 1));
        return ticks + info + "\n" + content + (content.endsWith("\n") ? "" : "\n") + ticks + "\n";
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\R", " ");
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        Matcher run = BACKTICKS.matcher(text);
        while (run.find()) {
            longest = Math.max(longest, run.end() - run.start());
        }
        return longest;
    }
}
