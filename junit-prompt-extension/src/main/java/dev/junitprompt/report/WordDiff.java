package dev.junitprompt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apiguardian.api.API;

/**
 * A word-level diff of an expected text and an actual one: the longest common subsequence of their words,
 * white space and punctuation marks, as runs of kept, removed (only expected) and added (only actual) text.
 *
 * <pre>{@code
 * WordDiff.between("three steps", "four steps");   // [removed "three", added "four", same " steps"]
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class WordDiff {

    /** Words, runs of white space, and every other character on its own. */
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+|\\s+|.", Pattern.DOTALL);

    /**
     * The most table cells the subsequence is computed over (ints, so 16 MB). Past that the middle, after the
     * common start and end, is shown removed and added whole: a report never stalls on two long texts.
     */
    static final int MAX_CELLS = 4_000_000;

    private WordDiff() {
    }

    /** What a run of text is in the diff. */
    public enum Kind { SAME, REMOVED, ADDED }

    /** A run of text that is kept, removed or added. */
    public record Segment(Kind kind, String text) {
    }

    /** The diff from {@code expected} to {@code actual}, adjacent runs of one kind joined. */
    public static List<Segment> between(String expected, String actual) {
        List<String> from = tokens(expected);
        List<String> to = tokens(actual);
        int start = 0;
        while (start < from.size() && start < to.size() && from.get(start).equals(to.get(start))) {
            start++;
        }
        int endFrom = from.size();
        int endTo = to.size();
        while (endFrom > start && endTo > start && from.get(endFrom - 1).equals(to.get(endTo - 1))) {
            endFrom--;
            endTo--;
        }
        Runs runs = new Runs();
        from.subList(0, start).forEach(token -> runs.add(Kind.SAME, token));
        middle(from.subList(start, endFrom), to.subList(start, endTo), runs);
        from.subList(endFrom, from.size()).forEach(token -> runs.add(Kind.SAME, token));
        return runs.segments();
    }

    private static void middle(List<String> from, List<String> to, Runs runs) {
        int n = from.size();
        int m = to.size();
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            from.forEach(token -> runs.add(Kind.REMOVED, token));
            to.forEach(token -> runs.add(Kind.ADDED, token));
            return;
        }
        // common[i * (m + 1) + j]: the longest common subsequence of from[i..] and to[j..].
        int[] common = new int[(n + 1) * (m + 1)];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i * (m + 1) + j] = from.get(i).equals(to.get(j)) ? common[(i + 1) * (m + 1) + j + 1] + 1
                        : Math.max(common[(i + 1) * (m + 1) + j], common[i * (m + 1) + j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (from.get(i).equals(to.get(j))) {
                runs.add(Kind.SAME, from.get(i++));
                j++;
            } else if (common[(i + 1) * (m + 1) + j] >= common[i * (m + 1) + j + 1]) {
                runs.add(Kind.REMOVED, from.get(i++));
            } else {
                runs.add(Kind.ADDED, to.get(j++));
            }
        }
        from.subList(i, n).forEach(token -> runs.add(Kind.REMOVED, token));
        to.subList(j, m).forEach(token -> runs.add(Kind.ADDED, token));
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher token = TOKEN.matcher(text);
        while (token.find()) {
            tokens.add(token.group());
        }
        return tokens;
    }

    /**
     * Segments being built: a token joins the run before it when it is of the same kind, and the white space
     * between two changes joins them, so {@code three big} → {@code four small} reads as one change.
     */
    private static final class Runs {

        private final List<Segment> segments = new ArrayList<>();
        private final StringBuilder removed = new StringBuilder();
        private final StringBuilder added = new StringBuilder();
        private final StringBuilder same = new StringBuilder();

        void add(Kind kind, String token) {
            if (kind == Kind.SAME) {
                same.append(token);
                return;
            }
            if (same.length() > 0) {
                boolean betweenChanges = same.toString().isBlank() && (removed.length() > 0 || added.length() > 0);
                if (betweenChanges) {
                    removed.append(same);
                    added.append(same);
                } else {
                    flushChange();
                    segments.add(new Segment(Kind.SAME, same.toString()));
                }
                same.setLength(0);
            }
            (kind == Kind.REMOVED ? removed : added).append(token);
        }

        List<Segment> segments() {
            flushChange();
            if (same.length() > 0) {
                segments.add(new Segment(Kind.SAME, same.toString()));
                same.setLength(0);
            }
            return segments;
        }

        private void flushChange() {
            if (removed.length() > 0) {
                segments.add(new Segment(Kind.REMOVED, removed.toString()));
                removed.setLength(0);
            }
            if (added.length() > 0) {
                segments.add(new Segment(Kind.ADDED, added.toString()));
                added.setLength(0);
            }
        }
    }
}
