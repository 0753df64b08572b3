package dev.junitprompt.maven;

import java.util.ArrayList;
import java.util.List;

import org.apache.maven.plugin.logging.SystemStreamLog;

/** A mojo's log that keeps what the goal says, for tests to assert on; debug output still goes nowhere. */
final class RecordingLog extends SystemStreamLog {

    final List<String> lines = new ArrayList<>();

    @Override
    public void info(CharSequence content) {
        lines.add("info: " + content);
    }

    @Override
    public void warn(CharSequence content) {
        lines.add("warn: " + content);
    }

    @Override
    public void error(CharSequence content) {
        lines.add("error: " + content);
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }
}
