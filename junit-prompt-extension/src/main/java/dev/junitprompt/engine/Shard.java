package dev.junitprompt.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import dev.junitprompt.api.Constants;
import dev.junitprompt.api.DatasetItem;

/**
 * One of {@code count} CI jobs ({@code prompt.experiment.shard=index/count}): the items whose id hashes to it, so the
 * shards of a matrix together run every item exactly once, and an item added to the dataset moves no other.
 *
 * @param index which shard, from 1
 * @param count how many shards
 */
record Shard(int index, int count) {

    static final Shard ALL = new Shard(1, 1);

    /** @throws IllegalArgumentException naming the key when the value is not {@code i/n} with 1 ≤ i ≤ n */
    static Shard parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        String[] parts = value.strip().split("/");
        try {
            if (parts.length == 2) {
                int index = Integer.parseInt(parts[0].strip());
                int count = Integer.parseInt(parts[1].strip());
                if (count >= 1 && index >= 1 && index <= count) {
                    return new Shard(index, count);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(Constants.SHARD + " is '" + value + "'; use index/count, e.g. 2/4 for the "
                + "second of four CI jobs");
    }

    boolean shards() {
        return count > 1;
    }

    /** This shard's items, in the dataset's order. */
    List<DatasetItem> select(List<DatasetItem> items) {
        return shards() ? items.stream().filter(item -> owner(item.id()) == index).toList() : items;
    }

    /** The shard an item id belongs to: by a hash of the id alone, so it never moves. */
    int owner(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            long value = java.nio.ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
            return (int) (value % count) + 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
