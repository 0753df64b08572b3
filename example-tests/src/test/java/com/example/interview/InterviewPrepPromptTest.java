package com.example.interview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junitprompt.api.Evaluate;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.PromptResult;
import dev.junitprompt.api.Threshold;
import dev.junitprompt.eval.JsonMatchesExpected;
import dev.junitprompt.eval.LlmJudge;

/**
 * Template targets: each prompt under targets/ runs on every item of its dataset, on the model its
 * .metadata.yaml names (gpt-4o-mini), replayed from src/test/recordings.
 */
class InterviewPrepPromptTest {

    // The metadata adds valid_json (min 1.0); the plan must match role, seniority and weeks exactly.
    @PromptExperiment(dataset = "prep_generate", target = "prep_generate")
    @Evaluate(value = JsonMatchesExpected.class, min = 1.0)
    @Threshold(metric = "json_matches_expected", mean = 0.95)
    @Threshold(passRate = 1.0)
    @Threshold(maxCost = 0.01, maxTokens = 10_000)     // prices from example-tests/prices.yaml
    void prepGenerate(PromptResult result) {
        int weeks = result.json().path("weeks").asInt();
        assertThat(result.json().path("steps")).as("one step per week").hasSize(weeks);
        assertThat(result.json().path("key_topics").size()).as("key topics").isBetween(4, 8);
    }

    @PromptExperiment(dataset = "prep_output_analyze", target = "prep_output_analyze")
    @Evaluate(value = JsonMatchesExpected.class, min = 1.0)
    @Threshold(metric = "json_matches_expected", mean = 0.9)
    @Threshold(passRate = 0.75)
    void analyzeAnswer(PromptResult result) {
        assertThat(result.json().path("follow_up_question").asText()).as("follow-up question").endsWith("?");
    }

    // An LLM judge on the analysis itself: the rubric is targets/prep_output_analyze/judge.md, the judge model
    // prompt.experiment.judge.model (junit-platform.properties); its verdicts replay from src/test/recordings.
    @PromptExperiment(name = "analyzeAnswerJudged", dataset = "prep_output_analyze", target = "prep_output_analyze")
    @Evaluate(value = LlmJudge.class, args = {"name=analysis_quality", "scale=1-5"}, min = 0.5)
    @Threshold(metric = "analysis_quality", mean = 0.75)
    void analyzeAnswerJudged() {
    }

    // Free-text expectations: the follow-up question should mean what the interviewer's reference question means
    // (src/test/resources/follow_up_references.json), by cosine similarity of in-process embeddings
    // (all-MiniLM-L6-v2, quantised). The answers are analyzeAnswer's, replayed from the same recordings.
    @PromptExperiment(name = "followUpQuestion", dataset = "prep_output_analyze", target = "prep_output_analyze")
    @Evaluate(value = FollowUpSimilarity.class)
    @Threshold(metric = "follow_up_similarity", mean = 0.7)
    void followUpQuestion() {
    }

    // Two versions of the prompt side by side: v2's stricter rubric may not do worse than v1 beyond noise.
    @PromptExperiment(name = "analyzeAnswerVersions", dataset = "prep_output_analyze",
            target = {"prep_output_analyze", "prep_output_analyze_v2"})
    @Evaluate(value = JsonMatchesExpected.class)
    @Threshold(metric = "json_matches_expected", notWorseThan = "prep_output_analyze", margin = 0.05)
    void analyzeAnswerVersions() {
    }
}
