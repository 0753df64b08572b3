package dev.junitprompt.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

/**
 * The credentials in a process environment ({@code OPENAI_API_KEY}, {@code LANGFUSE_SECRET_KEY}…), to take out of a
 * text before it is written anywhere. The clients redact their own keys from what their servers send back; this is for
 * what the engine cannot see coming: the user's own model client or task throwing with a reply that echoes the key
 * (a proxy's error page, a provider's "Incorrect API key provided: sk-…").
 *
 * <pre>{@code
 * Secrets secrets = Secrets.fromEnvironment(System.getenv());
 * secrets.redact("401: Bearer sk-proj-…");   // "401: Bearer [redacted]"
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Secrets {

    public static final String REDACTED = "[redacted]";
    /** Values shorter than this are not taken for keys: {@code true}, {@code 0}, a region name. */
    private static final int MIN_LENGTH = 8;
    private static final List<String> CREDENTIAL_WORDS = List.of("KEY", "SECRET", "TOKEN", "PASSWORD", "CREDENTIAL");

    /** Each secret and its base64 forms, longest first (so a longer form is replaced before a part of it). */
    private final List<String> forms;

    private Secrets(Set<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String secret : secrets) {
            all.add(secret);
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            all.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
            all.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.forms = List.copyOf(sorted);
    }

    /**
     * The values of the variables whose name says they hold a credential ({@code *KEY*}, {@code *SECRET*},
     * {@code *TOKEN*}, {@code *PASSWORD*}, {@code *CREDENTIAL*}), and Langfuse's Basic credentials
     * ({@code public:secret}), with their base64 forms.
     */
    public static Secrets fromEnvironment(Map<String, String> environment) {
        Set<String> secrets = new LinkedHashSet<>();
        environment.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (value != null && value.strip().length() >= MIN_LENGTH
                    && CREDENTIAL_WORDS.stream().anyMatch(upper::contains)) {
                secrets.add(value.strip());
            }
        });
        String publicKey = environment.get("LANGFUSE_PUBLIC_KEY");
        String secretKey = environment.get("LANGFUSE_SECRET_KEY");
        if (publicKey != null && secretKey != null && secretKey.strip().length() >= MIN_LENGTH) {
            secrets.add(publicKey.strip() + ":" + secretKey.strip());
        }
        return new Secrets(secrets);
    }

    /** {@code text} with every secret replaced by {@value #REDACTED}; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String form : forms) {
            redacted = redacted.replace(form, REDACTED);
        }
        return redacted;
    }

    /** Whether there is no secret to look for (no credential in the environment). */
    public boolean isEmpty() {
        return forms.isEmpty();
    }

    /** Whether {@code text} holds a secret. */
    public boolean appearsIn(String text) {
        return text != null && forms.stream().anyMatch(text::contains);
    }

    /**
     * {@code thrown} itself when no secret appears in its messages or its causes', else a copy of the chain whose
     * messages are redacted: each exception becomes a {@link RedactedException} that names the original's class and
     * keeps its stack trace, so a test report still shows where it came from.
     */
    public Throwable redact(Throwable thrown) {
        if (thrown == null || !leaks(thrown, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()))) {
            return thrown;
        }
        return copy(thrown, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private boolean leaks(Throwable thrown, Set<Throwable> seen) {
        if (thrown == null || !seen.add(thrown)) {
            return false;
        }
        if (appearsIn(thrown.toString())) {
            return true;
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (leaks(suppressed, seen)) {
                return true;
            }
        }
        return leaks(thrown.getCause(), seen);
    }

    private RedactedException copy(Throwable thrown, Set<Throwable> seen) {
        seen.add(thrown);
        Throwable cause = thrown.getCause();
        RedactedException copy = new RedactedException(redact(thrown.toString()),
                cause == null || seen.contains(cause) ? null : copy(cause, seen));
        copy.setStackTrace(thrown.getStackTrace());
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (!seen.contains(suppressed)) {
                copy.addSuppressed(copy(suppressed, seen));
            }
        }
        return copy;
    }

    /** An exception whose message held a secret, told by its class name and redacted message. */
    @API(status = API.Status.INTERNAL)
    public static final class RedactedException extends RuntimeException {

        RedactedException(String originalWithMessage, Throwable cause) {
            super(originalWithMessage, cause);
        }

        /** The original's {@code toString()} (its class and redacted message), without this class's name. */
        @Override
        public String toString() {
            return getMessage();
        }
    }
}
