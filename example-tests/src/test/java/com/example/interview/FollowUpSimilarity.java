package com.example.interview;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junitprompt.api.DatasetItem;
import dev.junitprompt.api.Evaluator;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Score;
import dev.junitprompt.eval.Evaluators;

/**
 * How close in meaning the analysis's follow-up question is to the one an interviewer wrote for the item: free-text
 * references, by item id, in {@code follow_up_references.json} beside this test (the dataset's expected output is
 * the verdict, which json_matches_expected checks). similar_to_expected on one field of the JSON output.
 */
public class FollowUpSimilarity implements Evaluator {

    static final String REFERENCES = "/follow_up_references.json";

    private final Evaluator similarity = Evaluators.similarToExpected();
    private final JsonNode references = read();

    @Override
    public String name() {
        return "follow_up_similarity";
    }

    @Override
    public void validate(DatasetItem item) {
        reference(item);
    }

    @Override
    public Score evaluate(PromptResult result) throws Exception {
        DatasetItem item = result.item();
        DatasetItem referenced = new DatasetItem(item.dataset(), item.id(), item.description(), item.inputs(),
                reference(item), item.metadata());
        String followUp = result.json().path("follow_up_question").asText();
        return similarity.evaluate(new PromptResult(referenced, followUp, result.latency(), result.usage(),
                result.model())).withName(name());
    }

    private JsonNode reference(DatasetItem item) {
        JsonNode reference = references.path(item.id());
        if (!reference.isTextual()) {
            throw new IllegalArgumentException(REFERENCES + " has no reference follow-up question for item '"
                    + item.id() + "'; add \"" + item.id() + "\": \"…?\"");
        }
        return reference;
    }

    private static JsonNode read() {
        try (InputStream in = FollowUpSimilarity.class.getResourceAsStream(REFERENCES)) {
            if (in == null) {
                throw new IllegalStateException(REFERENCES + " is not on the test class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + REFERENCES + ": " + e.getMessage(), e);
        }
    }
}
