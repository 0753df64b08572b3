package dev.junitprompt.model;

/** Makes model calls: the real model, or a recording of it. */
@FunctionalInterface
public interface ModelCaller {

    ModelResponse call(ModelRequest request) throws Exception;
}
