package dev.junitprompt.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.apiguardian.api.API;

/** The names nearest a mistyped one, by edit distance: what a "did you mean" in an error message lists. */
@API(status = API.Status.INTERNAL)
public final class Closest {

    private Closest() {
    }

    /** Up to {@code limit} of {@code names}, nearest {@code wanted} first (ties in their order). */
    public static List<String> to(String wanted, Collection<String> names, int limit) {
        return names.stream().distinct()
                .sorted(Comparator.comparingInt(name -> distance(wanted, name))).limit(limit).toList();
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
