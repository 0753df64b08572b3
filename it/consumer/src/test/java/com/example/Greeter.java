package com.example;

/** The application's code under test. */
final class Greeter {

    private Greeter() {
    }

    static String greet(String name) {
        return "Hello, " + name + "!";
    }
}
