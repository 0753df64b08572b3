package dev.junitprompt.report;

/**
 * What the two sides of a comparison are called in a report: a run against its baseline, or a variant against its
 * reference variant.
 *
 * @param before  the earlier side's column ({@code baseline}, {@code greet})
 * @param after   the later side's column ({@code this run}, {@code greet_english})
 * @param inBefore where an item passed or failed before ({@code in the baseline})
 * @param inAfter  where it does now ({@code now}, {@code in greet_english})
 * @param added    what the items only the later side has are called
 * @param removed  what the items only the earlier side has are called
 */
record ComparedSides(String before, String after, String inBefore, String inAfter, String added, String removed) {

    static final ComparedSides BASELINE = new ComparedSides("baseline", "this run", "in the baseline", "now",
            "New items", "Items only the baseline has");

    /** A variant against the variant it is held against. */
    static ComparedSides variants(String reference, String variant) {
        return new ComparedSides(reference, variant, "in " + reference, "in " + variant, "Items only " + variant
                + " has", "Items only " + reference + " has");
    }

    /** {@code passed in the baseline, fail now}. */
    String regressed() {
        return "passed " + inBefore + ", fail " + inAfter;
    }

    /** {@code failed in the baseline, pass now}. */
    String improved() {
        return "failed " + inBefore + ", pass " + inAfter;
    }
}
