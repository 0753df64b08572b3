package dev.junitprompt.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The commit the tests run on, for experiment metadata: from CI's variables when set, else read from
 * the {@code .git} folder above the working directory (a loose ref or {@code packed-refs}). Empty
 * outside a repository; never runs {@code git}.
 */
@org.apiguardian.api.API(status = org.apiguardian.api.API.Status.INTERNAL)
public final class GitCommit {

    private GitCommit() {
    }

    public static Optional<String> current() {
        for (String variable : new String[] {"GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT"}) {
            String value = System.getenv(variable);
            if (value != null && value.matches("[0-9a-f]{40}")) {
                return Optional.of(value);
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path git = dir.resolve(".git");
            if (Files.isDirectory(git)) {
                return fromGitDir(git);
            }
        }
        return Optional.empty();
    }

    static Optional<String> fromGitDir(Path git) {
        try {
            String head = Files.readString(git.resolve("HEAD")).strip();
            if (!head.startsWith("ref: ")) {
                return head.matches("[0-9a-f]{40}") ? Optional.of(head) : Optional.empty();
            }
            String ref = head.substring("ref: ".length());
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Optional.of(Files.readString(loose).strip());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                return Files.readAllLines(packed).stream().filter(line -> line.endsWith(" " + ref))
                        .map(line -> line.substring(0, 40)).findFirst();
            }
        } catch (IOException | RuntimeException e) {
            // No commit to report: the metadata simply goes without it.
        }
        return Optional.empty();
    }
}
