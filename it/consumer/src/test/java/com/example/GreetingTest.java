package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The team's existing Jupiter test: it must keep running once the prompt engine is added. */
class GreetingTest {

    @Test
    void greets() {
        assertEquals("Hello, Ada!", Greeter.greet("Ada"));
    }
}
