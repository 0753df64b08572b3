package com.example.interview;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.junitprompt.api.Evaluate;
import dev.junitprompt.api.PromptExperiment;
import dev.junitprompt.api.PromptModel;
import dev.junitprompt.api.Threshold;
import dev.junitprompt.eval.Contains;
import dev.junitprompt.eval.Regex;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * A method target: the application's own service is the task. The engine hands it the @PromptModel
 * through its recordings, so the suite replays offline and records with a real key.
 */
class InterviewQuestionServiceTest {

    @PromptModel
    static ChatModel model() {
        return OpenAiChatModel.builder()
                .baseUrl(System.getenv().getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1"))
                .apiKey(System.getenv("OPENAI_API_KEY"))
                .modelName("gpt-4o-mini")
                .temperature(0.2)
                .build();
    }

    private final String prompt;

    InterviewQuestionServiceTest() throws IOException {
        prompt = Files.readString(Path.of("../targets/prep_output_questions/prompt.txt"));
    }

    @PromptExperiment(dataset = "prep_output_questions")
    @Evaluate(value = Contains.class, args = "{expected.keyword}", min = 1.0)
    @Evaluate(value = Regex.class, args = "^Q1: ", min = 1.0)
    @Evaluate(value = QuestionCount.class, min = 1.0)
    @Threshold(metric = "question_count", mean = 1.0)
    String questions(String job_title, String topic, int count, ChatModel model) {
        return new InterviewQuestionService(model, prompt).generate(job_title, topic, count);
    }
}
