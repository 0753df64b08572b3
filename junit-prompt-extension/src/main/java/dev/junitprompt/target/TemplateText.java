package dev.junitprompt.target;

import org.apiguardian.api.API;

/**
 * Reading template text the way {@link Template} does: its name rule and where an offset is, for error messages.
 * Shared with the sync, which rewrites templates and must name and place things as the parser does. Not API.
 */
@API(status = API.Status.INTERNAL)
public final class TemplateText {

    private TemplateText() {
    }

    /** Whether {@code key} is a whole name: letters, digits, '_' and '-', at least one. */
    public static boolean isName(String key) {
        return !key.isEmpty() && nameEnd(key, 0) == key.length();
    }

    /** The index after the name that starts at {@code from} (letters, digits, '_' and '-'); {@code from} if none. */
    public static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isNameChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code line 3, column 7}: where {@code offset} is in {@code text}, both counted from 1. */
    public static String position(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < offset; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
