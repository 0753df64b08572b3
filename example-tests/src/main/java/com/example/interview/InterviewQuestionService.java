package com.example.interview;

import java.util.Map;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;

/**
 * The application's own code under test: generates interview questions with a chat model, filling its
 * prompt template the way the application does.
 */
public final class InterviewQuestionService {

    private final ChatModel model;
    private final String promptTemplate;

    public InterviewQuestionService(ChatModel model, String promptTemplate) {
        this.model = model;
        this.promptTemplate = promptTemplate;
    }

    /** Questions as lines {@code Q1: …}, {@code Q2: …}. */
    public String generate(String jobTitle, String topic, int count) {
        String prompt = promptTemplate;
        for (Map.Entry<String, String> variable : Map.of("job_title", jobTitle, "topic", topic,
                "count", String.valueOf(count)).entrySet()) {
            prompt = prompt.replace("{" + variable.getKey() + "}", variable.getValue());
        }
        return model.chat(UserMessage.from(prompt)).aiMessage().text().strip();
    }
}
