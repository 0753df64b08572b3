package dev.junitprompt.model;

import org.apiguardian.api.API;

/** Makes model calls: the real model, or a recording of it. */
@API(status = API.Status.INTERNAL)
@FunctionalInterface
public interface ModelCaller {

    ModelResponse call(ModelRequest request) throws Exception;
}
