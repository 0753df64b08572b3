package dev.junitprompt.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.junitprompt.api.DatasetItem;

/**
 * Quick mode ({@code prompt.experiment.sample}): a deterministic subset of each experiment's items — a
 * count ({@code 20}) or a share ({@code 0.1}) — chosen by a seeded hash of each item's id, so the same
 * seed picks the same items whatever the dataset's order, and a grown dataset keeps the old picks
 * mostly in.
 *
 * @param count    how many items, or 0 when {@code fraction} applies
 * @param fraction the share of items in (0, 1), or 0 when {@code count} applies
 * @param seed     the seed ({@code prompt.experiment.sample.seed})
 */
record Sampling(int count, double fraction, long seed) {

    static final Sampling ALL = new Sampling(0, 0, 0);

    /**
     * @throws IllegalArgumentException naming the key when the value is neither a positive count nor a share
     */
    static Sampling parse(String value, String seed) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        long parsedSeed;
        try {
            parsedSeed = seed == null || seed.isBlank() ? 0 : Long.parseLong(seed.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(EngineConfig.PREFIX + "sample.seed is '" + seed + "'; use a whole number");
        }
        try {
            double number = Double.parseDouble(value.strip());
            if (number > 0 && number < 1) {
                return new Sampling(0, number, parsedSeed);
            }
            if (number >= 1 && number == Math.rint(number)) {
                return new Sampling((int) number, 0, parsedSeed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(EngineConfig.PREFIX + "sample is '" + value + "'; use a count of items "
                + "(e.g. 20) or a share between 0 and 1 (e.g. 0.1)");
    }

    boolean samples() {
        return count > 0 || fraction > 0;
    }

    /** The sampled items, in the dataset's order. */
    List<DatasetItem> select(List<DatasetItem> items) {
        if (!samples()) {
            return items;
        }
        int size = count > 0 ? Math.min(count, items.size()) : Math.max(1, (int) Math.round(items.size() * fraction));
        Set<String> picked = items.stream().sorted(Comparator.comparing(item -> rank(item.id())))
                .limit(size).map(DatasetItem::id).collect(Collectors.toSet());
        return items.stream().filter(item -> picked.contains(item.id())).toList();
    }

    /** {@code sampled 20 of 500 items (prompt.experiment.sample=20, seed 0)}. */
    String describe(int sampled, int total) {
        return "sampled " + sampled + " of " + total + " items (" + EngineConfig.PREFIX + "sample="
                + (count > 0 ? String.valueOf(count) : String.valueOf(fraction)) + ", seed " + seed + ")";
    }

    private String rank(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((seed + ":" + id).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
