package dev.junitprompt.target;

import java.util.ArrayList;
import java.util.List;

import dev.junitprompt.target.Template.Field;
import dev.junitprompt.target.Template.Literal;
import dev.junitprompt.target.Template.Part;
import dev.junitprompt.target.Template.Step;

/** Splits template text into literal text and placeholders; one instance per parse. */
final class TemplateParser {

    private static final String NAME_RULE = "names are letters, digits, '_' and '-'";

    private final String text;
    private final String origin;
    private final List<Part> parts = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();

    TemplateParser(String text, String origin) {
        this.text = text;
        this.origin = origin;
    }

    List<Part> parse(Template.Syntax syntax) {
        if (syntax == Template.Syntax.PYTHON) {
            parsePython();
        } else {
            parseMustache();
        }
        flushLiteral();
        return parts;
    }

    private void parsePython() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ((c == '{' || c == '}') && charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                i = pythonField(i);
            } else if (c == '}') {
                throw error(i, "single '}' encountered; write a literal '}' as '}}'");
            } else {
                literal.append(c);
                i++;
            }
        }
    }

    /** Parses the placeholder whose '{' is at {@code start}; returns the index after its '}'. */
    private int pythonField(int start) {
        int i = nameEnd(start + 1);
        String root = text.substring(start + 1, i);
        List<Step> steps = new ArrayList<>();
        while (charAt(i) == '.' || charAt(i) == '[') {
            if (charAt(i) == '.') {
                int end = nameEnd(i + 1);
                if (end == i + 1) {
                    throw error(i, "placeholder " + fieldText(start) + " has an empty or invalid field name after '.'; "
                            + NAME_RULE);
                }
                steps.add(Step.field(text.substring(i + 1, end)));
                i = end;
            } else {
                int close = text.indexOf(']', i + 1);
                if (close < 0) {
                    throw error(i, "'[' in placeholder " + fieldText(start) + " is never closed with ']'");
                }
                if (close == i + 1) {
                    throw error(i, "placeholder " + fieldText(start) + " has an empty index '[]'");
                }
                steps.add(Step.element(text.substring(i + 1, close)));
                i = close + 1;
            }
        }
        if (i >= text.length() || (text.charAt(i) != '}' && text.indexOf('}', i) < 0)) {
            throw error(start, "'{' is never closed; end the placeholder with '}' or write a literal '{' as '{{'");
        }
        char c = text.charAt(i);
        String field = fieldText(start);
        if (c != '}' && c != '!' && c != ':') {
            throw error(i, "unexpected '" + c + "' in placeholder " + field + "; " + NAME_RULE
                    + ". To write a literal '{', double it: '{{'");
        }
        if (root.isEmpty() || root.chars().allMatch(Character::isDigit)) {
            throw error(start, "placeholder " + field + (root.isEmpty() ? " has no name" : " is positional")
                    + "; only named placeholders such as {job_title}, filled from the item's inputs, are supported");
        }
        String expression = text.substring(start + 1, i);
        if (c == '!') {
            throw error(i, "placeholder " + field + " uses a conversion, which is not supported; write {"
                    + expression + "}");
        }
        if (c == ':') {
            throw error(i, "placeholder " + field + " uses a format spec, which is not supported; write {"
                    + expression + "} and put the value in the dataset already formatted");
        }
        flushLiteral();
        parts.add(new Field(text.substring(start, i + 1), root, steps));
        return i + 1;
    }

    private void parseMustache() {
        int i = 0;
        int open;
        while ((open = text.indexOf("{{", i)) >= 0) {
            literal.append(text, i, open);
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw error(open, "'{{' is never closed; end the variable with '}}'");
            }
            String tag = text.substring(open, close + 2);
            String inner = text.substring(open + 2, close).strip();
            if (inner.isEmpty()) {
                throw error(open, "empty variable " + tag + "; write a name such as {{job_title}}");
            }
            String unsupported = unsupportedTag(inner.charAt(0));
            if (unsupported != null) {
                throw error(open, tag + " is a Mustache " + unsupported + ", which is not supported; only variables "
                        + "such as {{job_title}} and {{candidate.name}} are");
            }
            String[] names = inner.split("\\.", -1);
            List<Step> steps = new ArrayList<>();
            for (int k = 0; k < names.length; k++) {
                if (!TemplateText.isName(names[k])) {
                    throw error(open, "invalid variable " + tag + "; " + NAME_RULE
                            + ", joined with '.' to reach into objects and arrays");
                }
                if (k > 0) {
                    steps.add(Step.field(names[k]));
                }
            }
            flushLiteral();
            parts.add(new Field(tag, names[0], steps));
            i = close + 2;
        }
        literal.append(text, i, text.length());
    }

    private static String unsupportedTag(char first) {
        return switch (first) {
            case '#', '^', '/' -> "section";
            case '>' -> "partial";
            case '!' -> "comment";
            case '=' -> "delimiter change";
            // Values are never HTML-escaped here, so the unescaped forms are just spelled {{name}}.
            case '{', '&' -> "unescaped variable (values are never escaped: write {{name}})";
            default -> null;
        };
    }

    private void flushLiteral() {
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** The character at {@code i}, or 0 past the end (only compared with braces and separators). */
    private char charAt(int i) {
        return i < text.length() ? text.charAt(i) : 0;
    }

    private int nameEnd(int from) {
        return TemplateText.nameEnd(text, from);
    }

    /** The placeholder starting at {@code start} as written, up to its '}', shortened when long. */
    private String fieldText(int start) {
        int close = text.indexOf('}', start);
        String field = close < 0 ? text.substring(start) : text.substring(start, close + 1);
        return field.length() <= 40 ? field : field.substring(0, 37) + "...";
    }

    private TemplateException error(int offset, String problem) {
        return new TemplateException(origin, null, "Invalid template " + origin + " at "
                + TemplateText.position(text, offset) + ": " + problem);
    }
}
