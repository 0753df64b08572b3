package dev.junitprompt.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The frame of a self-contained page: its head (style inline, and a Content-Security-Policy that lets the
 * page fetch nothing and run no script but its own), and its end. A page opens from {@code file://}, from a
 * CI artifact, offline. The policy is the second wall behind escaping: were a value ever written unescaped,
 * its {@code <script>} or {@code onerror=} would still not run.
 */
final class HtmlPage {

    static final String CSS = resource("report.css");

    private HtmlPage() {
    }

    /** Writes the doctype, the head and opens the body; {@code script} is the one script the page may run. */
    static void start(HtmlWriter html, String title, String script) {
        String scripts = script.isEmpty() ? "'none'" : "'sha256-" + sha256(script) + "'";
        html.markup("<!DOCTYPE html>\n").open("html", "lang", "en").open("head")
                .open("meta", "charset", "utf-8")
                .open("meta", "http-equiv", "Content-Security-Policy", "content",
                        "default-src 'none'; style-src 'unsafe-inline'; script-src " + scripts)
                .open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .open("meta", "name", "generator", "content", "junit-prompt")
                .element("title", title)
                .open("style").markup(CSS).close("style")
                .close("head").markup("\n").open("body");
    }

    /** Writes the page's script, if any, and closes the body. */
    static void end(HtmlWriter html, String script) {
        if (!script.isEmpty()) {
            html.open("script").markup(script).close("script");
        }
        html.close("body").close("html").markup("\n");
    }

    /**
     * Where else a run can be seen, one line each ({@code Langfuse: https://…}): a link only to an http(s) address,
     * named by {@code title}, anything else as text.
     */
    static void links(HtmlWriter html, java.util.List<String> lines, java.util.function.Function<RunLink, String> title) {
        if (lines.isEmpty()) {
            return;
        }
        html.open("ul", "class", "links");
        for (String line : lines) {
            RunLink link = RunLink.parse(line);
            html.open("li");
            if (link.isWebAddress()) {
                html.element("a", title.apply(link), "href", link.target(), "rel", "noopener noreferrer", "target",
                        "_blank").element("span", " " + link.target(), "class", "muted");
            } else {
                html.text(line);
            }
            html.close("li");
        }
        html.close("ul");
    }

    /** A button of an item table's filter: the rows whose {@code data-status} is {@code status}, or all. */
    static void filterButton(HtmlWriter html, String status, String label, long count) {
        html.element("button", label + " (" + count + ")", "type", "button", "data-filter", status,
                "aria-pressed", String.valueOf(status.equals("all")));
    }

    /** A file next to this class, as text. */
    static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dev/junitprompt/report/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dev/junitprompt/report/" + name, e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
