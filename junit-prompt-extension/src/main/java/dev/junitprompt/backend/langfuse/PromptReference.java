package dev.junitprompt.backend.langfuse;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Langfuse prompt as a target names it: {@code langfuse:<name>} (label {@code production}),
 * {@code langfuse:<name>@<label>} or {@code langfuse:<name>#<version>}.
 *
 * @param name    the prompt's name (folders included, {@code a/b})
 * @param label   the label to fetch, empty when a version is given
 * @param version the version to fetch, empty when a label is given
 */
record PromptReference(String name, String label, OptionalInt version) {

    static final String PREFIX = "langfuse:";

    /**
     * @throws IllegalArgumentException for a version that is not a positive number or an empty name
     */
    static Optional<PromptReference> parse(String target) {
        if (target == null || !target.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = target.substring(PREFIX.length());
        int hash = rest.lastIndexOf('#');
        int at = rest.lastIndexOf('@');
        PromptReference reference;
        if (hash >= 0) {
            String number = rest.substring(hash + 1);
            if (!number.matches("[1-9]\\d{0,8}")) {
                throw new IllegalArgumentException("Target '" + target + "': the version after # must be a positive "
                        + "number, e.g. langfuse:" + rest.substring(0, hash) + "#3");
            }
            reference = new PromptReference(rest.substring(0, hash), "", OptionalInt.of(Integer.parseInt(number)));
        } else if (at >= 0) {
            reference = new PromptReference(rest.substring(0, at), rest.substring(at + 1), OptionalInt.empty());
        } else {
            reference = new PromptReference(rest, "production", OptionalInt.empty());
        }
        if (reference.name().isBlank() || (hash < 0 && reference.label().isBlank())) {
            throw new IllegalArgumentException("Target '" + target + "' names no prompt; write langfuse:<name>, "
                    + "langfuse:<name>@<label> or langfuse:<name>#<version>");
        }
        return Optional.of(reference);
    }

    /** {@code langfuse:name#3}: the version actually fetched, so recordings and traces name it exactly. */
    String resolved(int fetchedVersion) {
        return PREFIX + name + "#" + fetchedVersion;
    }
}
