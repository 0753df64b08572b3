package dev.junitprompt.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JUnitVersionsTest {

    @Test
    void platformOneDotNGoesWithJupiterFiveDotN() {
        assertThat(JUnitVersions.mismatch(Map.of("junit-platform-engine", "1.14.4", "junit-platform-launcher", "1.14.2",
                "junit-jupiter-engine", "5.14.4"))).isEmpty();
        assertThat(JUnitVersions.mismatch(Map.of("junit-platform-engine", "6.1.3", "junit-jupiter-engine", "6.1.3")))
                .isEmpty();
    }

    @Test
    void aSixDotXEngineNextToAFiveDotXJupiterIsSaidInOneLineWithTheFix() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("junit-platform-engine", "6.1.3");
        versions.put("junit-platform-launcher", "1.14.4");
        versions.put("junit-jupiter-engine", "5.14.4");

        assertThat(JUnitVersions.mismatch(versions)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("JUnit versions on the class path disagree: junit-platform-engine 6.1.3, "
                        + "junit-platform-launcher 1.14.4, junit-jupiter-engine 5.14.4.")
                .contains("org.junit:junit-bom").contains("junit-prompt-bom").doesNotContain("\n"));
    }

    @Test
    void theClassPathOfThisBuildAgrees() {
        assertThat(JUnitVersions.mismatch(getClass().getClassLoader())).isEmpty();
    }
}
