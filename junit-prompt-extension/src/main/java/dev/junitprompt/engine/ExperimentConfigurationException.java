package dev.junitprompt.engine;

/**
 * An experiment is declared wrongly (unknown dataset, bad threshold, unsupported parameter…). Found at
 * discovery; the experiment's node fails with it when run, and the other experiments still run.
 */
final class ExperimentConfigurationException extends RuntimeException {

    ExperimentConfigurationException(String message) {
        super(message);
    }

    ExperimentConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
