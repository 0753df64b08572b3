package dev.junitprompt.report;

/**
 * One of a summary's links, {@code Langfuse: https://…} or a local report's path, read as its label and its
 * target. Only an http(s) address is a web address a report links to; anything else stays text.
 *
 * @param label  what the backend called it ({@code Langfuse}), empty when the line has no label
 * @param target the address or path
 */
record RunLink(String label, String target) {

    static RunLink parse(String line) {
        int colon = line.indexOf(": ");
        return colon > 0 ? new RunLink(line.substring(0, colon), line.substring(colon + 2).strip())
                : new RunLink("", line.strip());
    }

    /** An http(s) address with nothing in it that could end a link early (white space, angle brackets). */
    boolean isWebAddress() {
        return (target.startsWith("https://") || target.startsWith("http://"))
                && target.chars().noneMatch(c -> c == '<' || c == '>' || c == '"' || Character.isWhitespace(c));
    }

    /** Its label ({@code Langfuse comparison}), or the address itself when it has none. */
    String name() {
        return label.isEmpty() ? target : label;
    }

    /** {@code Langfuse run}, or the address itself when it has no label. */
    String title() {
        return label.isEmpty() ? target : label + " run";
    }
}
