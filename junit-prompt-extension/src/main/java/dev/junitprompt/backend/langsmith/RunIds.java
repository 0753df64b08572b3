package dev.junitprompt.backend.langsmith;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;

import org.apiguardian.api.API;

/**
 * Ids and times as LangSmith's SDK writes them: time-ordered (v7) run UUIDs, {@code dotted_order} segments and
 * ISO-8601 times with offset and microseconds.
 */
@API(status = API.Status.INTERNAL)
public final class RunIds {

    private static final DateTimeFormatter SEGMENT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final Random RANDOM = new SecureRandom();

    private RunIds() {
    }

    /** A version 7 UUID: the millisecond of {@code time} in its first 48 bits, then random bits. */
    public static UUID uuid7(Instant time) {
        long millis = time.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long high = millis << 16 | 0x7000L | RANDOM.nextInt(1 << 12);
        long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    /**
     * A version 7 UUID whose bits after the time are drawn from {@code key}: the same run of the same item gets the
     * same id on every send, so a re-send updates what LangSmith has instead of adding a copy (exactly once).
     */
    public static UUID uuid7(Instant time, String key) {
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        java.nio.ByteBuffer bits = java.nio.ByteBuffer.wrap(hash);
        long millis = time.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long high = millis << 16 | 0x7000L | (bits.getShort() & 0x0FFF);
        long low = bits.getLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    /** One {@code dotted_order} segment: {@code yyyyMMdd'T'HHmmssSSSSSS'Z'} of the start (UTC) and the run's id. */
    public static String dottedSegment(Instant start, String runId) {
        return SEGMENT_TIME.format(micros(start)) + runId;
    }

    /** {@code 2025-03-01T12:00:00.123456+00:00}. */
    public static String isoTime(Instant time) {
        return ISO_TIME.format(micros(time));
    }

    /** The time as LangSmith keeps it: truncated to microseconds. */
    public static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }
}
