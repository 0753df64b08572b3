package dev.junitprompt.backend.langfuse;

import org.apiguardian.api.API;

/**
 * What {@code GET /api/public/health} answered.
 *
 * @param status  {@code OK} when the server is healthy
 * @param version the server's version, e.g. {@code 3.225.4} or {@code 4.16.0}
 */
@API(status = API.Status.INTERNAL)
public record LangfuseHealth(String status, String version) {

    /**
     * The major version (3 or 4 for the servers in use), or 0 when the version is not a number.
     */
    public int majorVersion() {
        if (version == null) {
            return 0;
        }
        String major = version.strip().replaceFirst("^[vV]", "").split("[.\\-+]", 2)[0];
        try {
            return Integer.parseInt(major);
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }
}
