package dev.junitprompt.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import org.apiguardian.api.API;

/**
 * Writes HTML to a {@link Writer} as it goes, so a report of ten thousand items never sits in memory whole.
 * Tags and attribute names are this code's own (checked); every text and attribute value is escaped by
 * {@link #escape(String)}, the one place that does, so data from datasets, models and evaluators is always
 * inert text. Only {@link #markup(String)} writes as it is: for constant markup, never data.
 *
 * <pre>{@code
 * html.open("td", "class", "num", "data-sort", "0.5").text(score.formattedValue()).close("td");
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class HtmlWriter {

    private final Writer out;

    public HtmlWriter(Writer out) {
        this.out = out;
    }

    /**
     * Text made safe anywhere in an element or a quoted attribute value: {@code & < > " '} as entities, and a NUL
     * (which HTML drops or mangles) as U+FFFD.
     */
    public static String escape(String text) {
        int first = firstSpecial(text);
        if (first < 0) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        appendEscaped(escaped, text, first);
        return escaped.toString();
    }

    /** Where the first character that needs escaping is, -1 when none does (most text: written as it is). */
    private static int firstSpecial(String text) {
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '&', '<', '>', '"', '\'', '\0' -> {
                    return i;
                }
                default -> {
                    // plain
                }
            }
        }
        return -1;
    }

    private static void appendEscaped(StringBuilder to, String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> to.append("&amp;");
                case '<' -> to.append("&lt;");
                case '>' -> to.append("&gt;");
                case '"' -> to.append("&quot;");
                case '\'' -> to.append("&#39;");
                case '\0' -> to.append('\uFFFD');
                default -> to.append(c);
            }
        }
    }

    /**
     * Opens {@code tag} with attributes given as name, value pairs; a {@code null} value leaves its attribute
     * out, an empty one writes it bare ({@code hidden}).
     */
    public HtmlWriter open(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes of <" + tag + "> come in name, value pairs: "
                    + String.join(", ", attributes));
        }
        StringBuilder start = new StringBuilder("<").append(name(tag));
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] == null) {
                continue;
            }
            start.append(' ').append(name(attributes[i]));
            if (!attributes[i + 1].isEmpty()) {
                start.append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        return write(start.append('>').toString());
    }

    public HtmlWriter close(String tag) {
        return write("</" + name(tag) + ">");
    }

    /** {@code <tag …>text</tag>}. */
    public HtmlWriter element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** Text, escaped. */
    public HtmlWriter text(String text) {
        return write(escape(text));
    }

    /** Markup as it is: constant markup this code spells out, never a value from a run. */
    public HtmlWriter markup(String markup) {
        return write(markup);
    }

    private HtmlWriter write(String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A tag or attribute name of this code's: letters, digits and hyphens, a letter first. */
    private static String name(String name) {
        boolean valid = !name.isEmpty() && isAsciiLetter(name.charAt(0));
        for (int i = 0; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-';
        }
        if (!valid) {
            throw new IllegalArgumentException("'" + name + "' is no tag or attribute name this writer writes");
        }
        return name;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
