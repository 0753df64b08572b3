package dev.junitprompt.backend.langsmith;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apiguardian.api.API;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One commit of a prompt in LangSmith's prompt hub, as {@code GET /commits/{owner}/{name}/{commit}} answers it.
 *
 * @param owner      the owner's handle, {@code -} for the API key's workspace
 * @param name       the prompt's name (its repo handle)
 * @param commitHash the commit's hash
 * @param manifest   the prompt as a LangChain serialized object ({@code {"lc":1,"type":"constructor","id":[…],
 *                   "kwargs":{…}}})
 */
@API(status = API.Status.INTERNAL)
public record LangSmithPromptCommit(String owner, String name, String commitHash, JsonNode manifest) {

    public LangSmithPromptCommit {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(commitHash, "commitHash");
        Objects.requireNonNull(manifest, "manifest");
    }

    /** The first 8 characters of the hash, as LangSmith shows it. */
    public String shortHash() {
        return commitHash.length() <= 8 ? commitHash : commitHash.substring(0, 8);
    }

    /**
     * A prompt identifier as the SDK reads it: {@code [owner/]name[:commit]}.
     *
     * @param owner  the owner, {@code -} when none was given
     * @param name   the prompt's name
     * @param commit the commit hash or tag, {@code latest} when none was given
     */
    public record Identifier(String owner, String name, String commit) {

        private static final Pattern FORM = Pattern.compile("^(?:([^/:\\s]+)/)?([^/:\\s]+)(?::([^/:\\s]+))?$");

        /**
         * @throws IllegalArgumentException when the text is not {@code [owner/]name[:commit]}
         */
        public static Identifier parse(String text) {
            Matcher m = FORM.matcher(Objects.requireNonNull(text, "identifier").strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a LangSmith prompt identifier: write "
                        + "name, owner/name, name:commit or owner/name:commit");
            }
            return new Identifier(m.group(1) == null ? "-" : m.group(1), m.group(2),
                    m.group(3) == null ? "latest" : m.group(3));
        }

        /** {@code name} or {@code owner/name}, as a person wrote it. */
        public String display() {
            return owner.equals("-") ? name : owner + "/" + name;
        }
    }
}
