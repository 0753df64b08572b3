package dev.junitprompt.sync;

import dev.junitprompt.target.Template;
import dev.junitprompt.target.TemplateException;
import dev.junitprompt.target.TemplateText;

/**
 * Rewrites a template from the seed's Python {@code str.format} syntax to the {@code {{var}}} syntax of Langfuse
 * prompts: {@code {job_title}} becomes {@code {{job_title}}}, {@code {candidate.name}} becomes
 * {@code {{candidate.name}}}, {@code {items[0]}} becomes {@code {{items.0}}}, and the escapes {@code {{} and
 * {@code }}} become the single braces they stand for (a lone brace is plain text in a Langfuse prompt).
 *
 * <p>Langfuse has no way to escape braces, so text that would put two opening braces together in the result (a
 * literal {@code {{}, written {@code {{{{} in Python, or a literal {@code {} right before a placeholder) would be read
 * as a variable: such templates are refused with the line and column to change. The result always renders to the same
 * text as the original for the same inputs.
 */
final class PythonToMustache {

    private PythonToMustache() {
    }

    /**
     * The template in Langfuse's syntax.
     *
     * @param origin the file (and message) the text comes from, named in error messages
     * @throws SyncException naming the origin, line and column when the template is invalid or cannot be expressed
     */
    static String convert(String text, String origin) {
        try {
            Template.parse(text, Template.Syntax.PYTHON, origin);
        } catch (TemplateException e) {
            throw new SyncException(e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        StringBuilder literal = new StringBuilder();
        int literalStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                if (literal.length() == 0) {
                    literalStart = i;
                }
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int end = fieldEnd(text, i);
                if (literal.length() > 0 && literal.charAt(literal.length() - 1) == '{') {
                    throw inexpressible(text, origin, i - 2, "a literal '{' right before the placeholder "
                            + text.substring(i, end + 1) + " would make '{{{' in Langfuse, which reads it as a "
                            + "different variable; put a space between the brace and the placeholder");
                }
                flush(out, literal, text, origin, literalStart);
                out.append("{{").append(expression(text, origin, i, end)).append("}}");
                i = end + 1;
            } else {
                if (literal.length() == 0) {
                    literalStart = i;
                }
                literal.append(c);
                i++;
            }
        }
        flush(out, literal, text, origin, literalStart);
        String converted = out.toString();
        try {
            Template.parse(converted, Template.Syntax.MUSTACHE, origin);
        } catch (TemplateException e) {
            throw new SyncException("Cannot write " + origin + " as a Langfuse prompt: " + e.getMessage(), e);
        }
        return converted;
    }

    /** Appends pending literal text, refusing a '{{' in it: Langfuse would read a variable there. */
    private static void flush(StringBuilder out, StringBuilder literal, String text, String origin, int start) {
        int doubled = literal.indexOf("{{");
        if (doubled >= 0) {
            throw inexpressible(text, origin, sourceOffset(text, start, doubled), "the literal text '{{' (written "
                    + "'{{{{') would start a variable in Langfuse, which has no escape for braces; put a space "
                    + "between the two braces");
        }
        out.append(literal);
        literal.setLength(0);
    }

    /** Where the {@code index}-th character of a literal run that starts at {@code start} was written. */
    private static int sourceOffset(String text, int start, int index) {
        int offset = start;
        for (int k = 0; k < index; k++) {
            char c = text.charAt(offset);
            offset += (c == '{' || c == '}') && offset + 1 < text.length() && text.charAt(offset + 1) == c ? 2 : 1;
        }
        return offset;
    }

    /** The index of the '}' that closes the placeholder opened at {@code start} (the template is valid). */
    private static int fieldEnd(String text, int start) {
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != '}') {
            if (text.charAt(i) == '[') {
                i = text.indexOf(']', i + 1);
            }
            i++;
        }
        return i;
    }

    /** {@code candidate.name}, {@code items[0]}, {@code a[key]} as Langfuse's dotted path. */
    private static String expression(String text, String origin, int start, int end) {
        StringBuilder path = new StringBuilder();
        int i = start + 1;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '[') {
                int close = text.indexOf(']', i + 1);
                String key = text.substring(i + 1, close);
                if (!TemplateText.isName(key)) {
                    throw inexpressible(text, origin, start, "the placeholder " + text.substring(start, end + 1)
                            + " reads the key '" + key + "', which a Langfuse variable cannot name (names are "
                            + "letters, digits, '_' and '-', joined with '.'); rename the input's key");
                }
                path.append('.').append(key);
                i = close + 1;
            } else {
                path.append(c);
                i++;
            }
        }
        return path.toString();
    }

    private static SyncException inexpressible(String text, String origin, int offset, String problem) {
        return new SyncException("Cannot write " + origin + " as a Langfuse prompt: at "
                + TemplateText.position(text, offset) + " " + problem);
    }
}
