package dev.junitprompt.engine;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that the JUnit artifacts on the class path belong to one release. A build that declares
 * {@code junit-jupiter} 5.x without importing {@code junit-bom} and then adds this engine gets
 * {@code junit-platform-engine} 6.x next to a 5.x launcher and Jupiter: every engine then dies of a
 * {@code NoSuchMethodError}. Said in one line, with the fix, it is a minute's work instead of an afternoon's.
 */
final class JUnitVersions {

    /** A class of each JUnit artifact whose version matters, by artifact; the first two are always there. */
    private static final Map<String, String> PROBES = Map.of(
            "junit-platform-engine", "org.junit.platform.engine.TestEngine",
            "junit-platform-commons", "org.junit.platform.commons.support.AnnotationSupport",
            "junit-platform-launcher", "org.junit.platform.launcher.Launcher",
            "junit-jupiter-engine", "org.junit.jupiter.engine.JupiterTestEngine",
            "junit-jupiter-api", "org.junit.jupiter.api.Test");

    private JUnitVersions() {
    }

    /** The disagreement among the JUnit artifacts {@code loader} sees, empty when they agree. */
    static Optional<String> mismatch(ClassLoader loader) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String artifact : new String[] {"junit-platform-engine", "junit-platform-commons",
                "junit-platform-launcher", "junit-jupiter-engine", "junit-jupiter-api"}) {
            version(PROBES.get(artifact), loader).ifPresent(version -> versions.put(artifact, version));
        }
        return mismatch(versions);
    }

    /**
     * The disagreement among artifact versions, empty when they are of one release. Platform 1.N goes
     * with Jupiter 5.N; from 6.0 on, all JUnit artifacts share one version.
     */
    static Optional<String> mismatch(Map<String, String> versions) {
        Set<String> lines = new LinkedHashSet<>();
        versions.forEach((artifact, version) -> lines.add(line(artifact, version)));
        if (lines.size() <= 1) {
            return Optional.empty();
        }
        return Optional.of("JUnit versions on the class path disagree: " + versions.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "))
                + ". Import one org.junit:junit-bom in <dependencyManagement> (Gradle: "
                + "testImplementation(platform(\"org.junit:junit-bom:<version>\"))), or dev.junitprompt:junit-prompt-bom, "
                + "so every JUnit artifact has the same version; the README's setup shows both");
    }

    /** {@code 5.14} for platform 1.14.x and Jupiter 5.14.x, {@code 6.1} for any 6.1.x. */
    static String line(String artifact, String version) {
        String[] parts = version.split("[.-]");
        String major = parts[0];
        String minor = parts.length > 1 ? parts[1] : "0";
        if (artifact.startsWith("junit-platform") && major.equals("1")) {
            return "5." + minor;
        }
        return major + "." + minor;
    }

    private static Optional<String> version(String className, ClassLoader loader) {
        try {
            Package found = Class.forName(className, false, loader).getPackage();
            return Optional.ofNullable(found == null ? null : found.getImplementationVersion());
        } catch (ClassNotFoundException | LinkageError absent) {
            return Optional.empty();
        }
    }
}
